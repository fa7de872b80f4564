import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { SelectField } from "@/components/Field";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber } from "@/lib/intl";
import { useMyAttendance } from "@/features/my-space/api/attendance";
import { formatDay } from "./days";
import { MyData } from "./MyData";
import { CATEGORIES, PERIODS, periodDays, roundRate, summarize, type PeriodChoice } from "./attendance";
import "@/features/my-space/my-space.css";

const PERIOD_KEYS = { "4w": "mySpace.period.fourWeeks", "3m": "mySpace.period.threeMonths", "12m": "mySpace.period.twelveMonths" } as const satisfies Record<PeriodChoice, string>;
const CATEGORY_KEYS = {
  present: "mySpace.category.present",
  late: "mySpace.category.late",
  absent: "mySpace.category.absent",
  excused: "mySpace.category.excused",
  other: "mySpace.category.other",
} as const;

interface MyAttendancePageProps {
  terms: Terminology;
  /** Today in the organization's timezone: the periods end on it. */
  today: string;
  /** The organization's attendance threshold, in percent. */
  threshold: number | undefined;
  /** The participant the login is (null: none linked, so no data of theirs to download). */
  participantId: string | null;
}

/**
 * A participant's own attendance: the rate over a chosen period beside the threshold, the marks per
 * category, week by week; and, below, all their data to download (the first page of their space).
 */
export function MyAttendancePage({ terms, today, threshold, participantId }: MyAttendancePageProps) {
  const { t } = useTranslation();
  usePageTitle(t("mySpace.attendance.title"));
  const [choice, setChoice] = useState<PeriodChoice>("4w");
  const { from, to } = periodDays(choice, today);
  const weeks = useMyAttendance(from, to);
  const summary = weeks.data ? summarize(weeks.data) : null;
  const rate = summary?.rate === null || summary?.rate === undefined ? null : roundRate(summary.rate);

  return (
    <section className="page my-space">
      <h1>{t("mySpace.attendance.title")}</h1>
      <SelectField className="field--narrow" label={t("mySpace.period.label")} value={choice} onChange={(e) => setChoice(e.target.value as PeriodChoice)}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t(PERIOD_KEYS[p])}
          </option>
        ))}
      </SelectField>
      <QueryStatus isPending={weeks.isPending} error={weeks.error} onRetry={() => void weeks.refetch()} />
      {summary ? (
        <>
          <div className="card my-space__rate" aria-live="polite">
            {rate === null ? (
              <p>{t("mySpace.attendance.noRate", { sessions: lower(terms.sessions) })}</p>
            ) : (
              <>
                <p className="my-space__figure">{t("mySpace.attendance.rate", { rate: formatNumber(rate) })}</p>
                {threshold !== undefined ? (
                  <p>
                    {summary.rate! >= threshold
                      ? t("mySpace.attendance.above", { threshold: formatNumber(threshold) })
                      : t("mySpace.attendance.below", { threshold: formatNumber(threshold) })}
                  </p>
                ) : null}
              </>
            )}
          </div>
          <h2>{t("mySpace.attendance.countsHeading")}</h2>
          <dl className="my-space__counts">
            {CATEGORIES.filter((c) => c !== "other" || summary.counts.other > 0).map((category) => (
              <div key={category}>
                <dt>{t(CATEGORY_KEYS[category])}</dt>
                <dd>{formatNumber(summary.counts[category])}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">{t("mySpace.attendance.excusedNote")}</p>
          {weeks.data && weeks.data.length ? (
            <>
              <h2>{t("mySpace.attendance.byWeek")}</h2>
              <StackedTable
                caption={t("mySpace.attendance.byWeek")}
                rows={[...weeks.data].reverse()}
                rowKey={(week) => week.period}
                columns={[
                  { id: "week", header: t("mySpace.attendance.week"), rowHeader: true, cell: (week) => t("mySpace.attendance.weekOf", { date: formatDay(week.period) }) },
                  {
                    id: "rate",
                    header: t("mySpace.attendance.weekRate"),
                    cell: (week) => (week.rate === null || week.rate === undefined ? t("mySpace.attendance.noWeekRate") : `${formatNumber(roundRate(week.rate))} %`),
                  },
                  {
                    id: "marks",
                    header: t("mySpace.attendance.weekMarks"),
                    cell: (week) =>
                      CATEGORIES.filter((c) => (week.counts[c] ?? 0) > 0)
                        .map((c) => `${t(CATEGORY_KEYS[c])} ${formatNumber(week.counts[c] ?? 0)}`)
                        .join(", "),
                  },
                ]}
              />
            </>
          ) : (
            <p className="empty">{t("mySpace.attendance.none", { sessions: lower(terms.sessions) })}</p>
          )}
        </>
      ) : null}
      <p>
        <Link to="/my/sessions">{t("mySpace.attendance.seeSessions", { sessions: lower(terms.sessions) })}</Link> ·{" "}
        <Link to="/my/absences">{t("mySpace.attendance.askAbsence")}</Link>
      </p>
      {participantId ? <MyData participantId={participantId} terms={terms} /> : null}
    </section>
  );
}
