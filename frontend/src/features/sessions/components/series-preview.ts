import type { Weekday } from "@/features/sessions/api/create-session";
import { WEEKDAYS } from "./weekdays";

/**
 * The days a series makes, by the rules the API uses (services/presence sessions.service.expand:
 * dateutil's rrule, DAILY or WEEKLY, `interval`, `by_weekday`, `until` inclusive or `count`;
 * weeks start on Monday; the first day counts only if it is one of the rule's days). Calendar
 * days "YYYY-MM-DD" in the organization's timezone: the time of day is the same every day.
 */
export interface SeriesRule {
  freq: "daily" | "weekly";
  interval: number;
  byWeekday?: readonly Weekday[];
  until?: string;
  count?: number;
}

export interface SeriesPreview {
  dates: string[];
  /** Days between the first chosen day and the last session that the rule passes over. */
  skipped: string[];
}

const DAY_MS = 86_400_000;
/** Beyond this many days the API refuses a series anyway: the preview stops looking. */
const LOOK_AHEAD_DAYS = 3 * 366;

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromDay = (day: string) => Date.parse(`${day}T00:00:00Z`);
/** Monday 0 … Sunday 6. */
const weekdayIndex = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;

export function previewSeries(first: string, rule: SeriesRule, limit = 1000): SeriesPreview | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(first) || !(rule.interval >= 1)) return null;
  if (rule.until === undefined && rule.count === undefined) return null;
  const start = fromDay(first);
  const until = rule.until !== undefined ? fromDay(rule.until) : Infinity;
  if (Number.isNaN(start) || Number.isNaN(until)) return null;
  const days = new Set((rule.byWeekday?.length ? rule.byWeekday : rule.freq === "weekly" ? [WEEKDAYS[weekdayIndex(start)]!] : WEEKDAYS).map((d) => WEEKDAYS.indexOf(d)));
  const wanted = rule.count ?? Infinity;
  const max = Math.min(wanted, limit);
  const dates: string[] = [];
  const skipped: string[] = [];
  // Weekly: the periods are the weeks (from Monday) of the first day, every `interval` weeks.
  const firstMonday = start - weekdayIndex(start) * DAY_MS;
  for (let ms = start; ms <= until && dates.length < max && ms - start <= LOOK_AHEAD_DAYS * DAY_MS; ms += DAY_MS) {
    const offset = Math.round(((rule.freq === "weekly" ? ms - firstMonday : ms - start) / DAY_MS));
    const inPeriod = rule.freq === "weekly" ? Math.floor(offset / 7) % rule.interval === 0 : offset % rule.interval === 0;
    const onDay = days.has(weekdayIndex(ms));
    if (inPeriod && onDay) dates.push(toDay(ms));
    else if (onDay || ms === start) skipped.push(toDay(ms));
  }
  const last = dates[dates.length - 1];
  return { dates, skipped: last ? skipped.filter((d) => d < last) : skipped };
}
