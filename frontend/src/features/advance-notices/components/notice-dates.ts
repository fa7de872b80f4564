import { userLocales } from "@/lib/intl";

/**
 * An advance notice's days (SPEC §3.3): calendar dates ("YYYY-MM-DD") in the organization's
 * timezone, first and last day both included. They are days, not instants: they are compared as
 * text and shown without any timezone shift.
 */

/** The API takes at most this many days in one notice. */
export const MAX_DAYS = 366;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written as the API takes it ("2026-02-30" is not one). */
export function isDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day;
}

/** How many days from `from` to `to`, both included (1 for a single day). */
export function dayCount(from: string, to: string): number {
  const utc = (value: string) => {
    const [year, month, day] = value.split("-").map(Number);
    return Date.UTC(year!, month! - 1, day!);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000) + 1;
}

export type RangeProblem = "from_missing" | "to_missing" | "to_before_from" | "too_long";

/** What is wrong with the days as typed, field by field (nothing: both fine). */
export function checkRange(from: string, to: string): Partial<Record<"from" | "to", RangeProblem>> {
  const problems: Partial<Record<"from" | "to", RangeProblem>> = {};
  if (!isDay(from)) problems.from = "from_missing";
  if (!isDay(to)) problems.to = "to_missing";
  if (problems.from || problems.to) return problems;
  if (to < from) problems.to = "to_before_from";
  else if (dayCount(from, to) > MAX_DAYS) problems.to = "too_long";
  return problems;
}

/** A day as a date at noon UTC, so that formatting it in UTC never moves it to another day. */
function asDate(day: string): Date {
  const [year, month, day_] = day.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, day_!, 12));
}

/** "Tue, 1 Dec 2026" or "Tue, 1 Dec – Fri, 4 Dec 2026" in the user's locale; a single day said once. */
export function formatDays(from: string, to: string, locales: readonly string[] = userLocales()): string {
  const format = new Intl.DateTimeFormat(locales, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return from === to ? format.format(asDate(from)) : format.formatRange(asDate(from), asDate(to));
}

/** Where a notice's days stand against `today`: all past, under way, or all to come. */
export function whenIs(from: string, to: string, today: string): "past" | "now" | "upcoming" {
  if (to < today) return "past";
  if (from > today) return "upcoming";
  return "now";
}
