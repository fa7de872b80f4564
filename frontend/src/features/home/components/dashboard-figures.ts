import type { Schema } from "@/lib/api/types";
import { runningNow } from "@/lib/live-events";
import { userLocales } from "@/lib/intl";

type TodaySession = Schema<"TodaySession">;
type Period = Schema<"Period">;

/** Today across the organization: how many sessions, how many running, how many registers not yet taken. */
export function todayOverview(items: readonly TodaySession[], now = Date.now()) {
  let running = 0;
  let notTaken = 0;
  for (const item of items) {
    if (runningNow(item.session, now)) running += 1;
    // Started (or opened), not cancelled, and nobody marked yet: the register was not taken.
    const started = item.session.status === "open" || Date.parse(item.session.starts_at) <= now;
    if (started && item.session.status !== "cancelled" && item.marked === 0 && item.expected > 0) notTaken += 1;
  }
  return { total: items.length, running, notTaken };
}

/** A calendar day ("YYYY-MM-DD") short, as an axis shows it: "30 Nov". Never moved to another day by a zone. */
export function dayLabel(day: string, locales: readonly string[] = userLocales()): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locales, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(year!, month! - 1, date!, 12)));
}

/**
 * Series of periods as chart rows: one row per period any series has, in order, with each
 * series' rate (rounded to one decimal) under its key, null where it had no session that day.
 */
export function rateRows(
  series: readonly { key: string; periods: readonly Period[] }[],
  label: (period: string) => string,
): Record<string, string | number | null>[] {
  const days = [...new Set(series.flatMap((s) => s.periods.map((p) => p.period)))].sort();
  return days.map((day) => {
    const row: Record<string, string | number | null> = { label: label(day) };
    for (const s of series) {
      const rate = s.periods.find((p) => p.period === day)?.rate;
      row[s.key] = rate === null || rate === undefined ? null : Math.round(rate * 10) / 10;
    }
    return row;
  });
}
