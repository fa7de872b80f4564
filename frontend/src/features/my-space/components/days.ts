import { userLocales } from "@/lib/intl";

/** A calendar day ("YYYY-MM-DD") in words, "Mon, 30 Nov 2026", never moved to another day by a zone. */
export function formatDay(day: string, locales: readonly string[] = userLocales()): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locales, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year!, month! - 1, date!, 12)),
  );
}
