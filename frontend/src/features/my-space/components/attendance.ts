import { addDays } from "@/lib/intl";
import type { Period } from "@/features/my-space/api/attendance";

/** The periods a participant chooses between, ending today. */
export const PERIODS = ["4w", "3m", "12m"] as const;
export type PeriodChoice = (typeof PERIODS)[number];

const DAYS: Record<PeriodChoice, number> = { "4w": 28, "3m": 91, "12m": 365 };

/** The days of a period ending today, both included ("YYYY-MM-DD" in the organization's timezone). */
export function periodDays(choice: PeriodChoice, today: string): { from: string; to: string } {
  return { from: addDays(today, -(DAYS[choice] - 1)), to: today };
}

export const CATEGORIES = ["present", "late", "absent", "excused", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Summary {
  /** Marks per category over the whole period. */
  counts: Record<Category, number>;
  /** The rate over the whole period (0–100), null when nothing weighted was marked. */
  rate: number | null;
}

/** The marks a week's rate was made of: every category but excused (left out of the rate, SPEC §2). */
function weighted(period: Period): number {
  const c = period.counts;
  return (c.present ?? 0) + (c.late ?? 0) + (c.absent ?? 0) + (c.other ?? 0);
}

/**
 * The whole period from its weeks: the counts added up, and the rate as the weeks' rates weighted
 * by how many marks each was made of (the API gives a rate per week, not for the whole period).
 */
export function summarize(periods: readonly Period[]): Summary {
  const counts: Record<Category, number> = { present: 0, late: 0, absent: 0, excused: 0, other: 0 };
  let total = 0;
  let marks = 0;
  for (const period of periods) {
    for (const category of CATEGORIES) counts[category] += period.counts[category] ?? 0;
    if (period.rate === null || period.rate === undefined) continue;
    const n = weighted(period);
    total += period.rate * n;
    marks += n;
  }
  return { counts, rate: marks ? total / marks : null };
}

/**
 * A whole percent for people, rounded down: what is shown is never above the threshold unless the
 * rate is (89.6 % against 90 % reads 89 %, below it, as it is).
 */
export function roundRate(rate: number): number {
  return Math.floor(rate + 1e-9);
}
