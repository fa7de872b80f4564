import { useTranslation } from "react-i18next";
import type { Schema } from "@/lib/api/types";
import { formatNumber } from "@/lib/intl";

/** What a headcount is made of: marks per category (SPEC §2), and for check-in sessions who came and went. */
export interface HeadcountFigures {
  present: number;
  late: number;
  absent: number;
  /** Excused and any other category: shown only when there are some. */
  excused: number;
  other: number;
  unmarked: number;
  marked: number;
  expected: number;
  /** Check-in sessions only (undefined otherwise). */
  checks?: { checkedIn: number; inNow: number; checkedOut: number };
}

const CATEGORIES = ["present", "late", "absent", "excused", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * The figures from a session's counts per state (`counts`, as the roster and `GET /api/stats/today`
 * have them, with `unmarked`), by the category of each state of the session's domain.
 */
export function headcountOf(
  counts: Readonly<Record<string, number>>,
  categoryOf: (state: string) => string | undefined,
  { marked, expected, checks }: { marked?: number; expected?: number; checks?: HeadcountFigures["checks"] } = {},
): HeadcountFigures {
  const figures: HeadcountFigures = { present: 0, late: 0, absent: 0, excused: 0, other: 0, unmarked: counts.unmarked ?? 0, marked: 0, expected: 0, checks };
  let sum = 0;
  for (const [state, n] of Object.entries(counts)) {
    if (state === "unmarked") continue;
    sum += n;
    const category = categoryOf(state);
    const key: Category = (CATEGORIES as readonly string[]).includes(category ?? "") ? (category as Category) : "other";
    figures[key] += n;
  }
  figures.marked = marked ?? sum;
  figures.expected = expected ?? sum + figures.unmarked;
  return figures;
}

/** A session of `GET /api/stats/today` as a headcount: by category, or who came and went where people check in. */
export function todayFigures(stats: Schema<"TodaySession">, categoryOf?: (domain: string, state: string) => string | undefined): HeadcountFigures {
  const checkMode = stats.session.mode === "check_in_out" || stats.session.mode === "self_check_in";
  return headcountOf(stats.counts, (state) => categoryOf?.(stats.domain, state), {
    marked: stats.marked,
    expected: stats.expected,
    checks: checkMode ? { checkedIn: stats.checked_in, inNow: stats.in_now, checkedOut: stats.checked_out } : undefined,
  });
}

/**
 * A session's headcount as a short list of words and numbers: "12 present, 2 late, 1 absent,
 * 15 not marked yet" (for check-in sessions: checked in, still in, checked out), updated by
 * whoever hands it new figures. Numbers and words together, never colour alone.
 */
export function Headcount({ figures, label }: { figures: HeadcountFigures; label: string }) {
  const { t } = useTranslation();
  const parts: [string, string][] = figures.checks
    ? [
        ["checkedIn", t("headcount.checkedIn", { n: formatNumber(figures.checks.checkedIn) })],
        ["inNow", t("headcount.inNow", { n: formatNumber(figures.checks.inNow) })],
        ["checkedOut", t("headcount.checkedOut", { n: formatNumber(figures.checks.checkedOut) })],
      ]
    : [
        ["present", t("headcount.present", { n: formatNumber(figures.present) })],
        ["late", t("headcount.late", { n: formatNumber(figures.late) })],
        ["absent", t("headcount.absent", { n: formatNumber(figures.absent) })],
        ...(figures.excused ? ([["excused", t("headcount.excused", { n: formatNumber(figures.excused) })]] as [string, string][]) : []),
        ...(figures.other ? ([["other", t("headcount.other", { n: formatNumber(figures.other) })]] as [string, string][]) : []),
        ["unmarked", t("headcount.unmarked", { n: formatNumber(figures.unmarked) })],
      ];
  return (
    <ul className="headcount" aria-label={label}>
      {parts.map(([key, text]) => (
        <li key={key} className={`headcount__item headcount__item--${key}`}>
          {text}
        </li>
      ))}
    </ul>
  );
}
