import { userLocales } from "@/lib/intl";

/** A date and time in the user's locale, in the organization's zone (the browser's if unknown). */
export function formatDateTime(value: Date, { timeZone }: { timeZone?: string } = {}): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(userLocales(), { ...options, timeZone }).format(value);
  } catch {
    return new Intl.DateTimeFormat(userLocales(), options).format(value);
  }
}
