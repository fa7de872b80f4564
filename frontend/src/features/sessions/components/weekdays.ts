import { userLocales } from "@/lib/intl";
import type { Weekday } from "@/features/sessions/api/create-session";

export const WEEKDAYS: Weekday[] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

/** The weekday's name in the user's locale (Intl knows them; 2024-01-01 was a Monday). */
export function weekdayName(day: Weekday): string {
  const index = WEEKDAYS.indexOf(day);
  return new Intl.DateTimeFormat(userLocales(), { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + index)));
}

/** The weekday of a "YYYY-MM-DD" date. */
export function weekdayOf(date: string): Weekday | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7];
}
