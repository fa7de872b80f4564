import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "@/lib/intl";
import type { TrendLine } from "./TrendChart";

// recharts is big: it comes with the first chart, never with the first screen (SPEC §6.1).
const TrendChart = lazy(() => import("./TrendChart"));

interface RateChartProps {
  /** Says what the chart shows; also the table's caption. */
  title: string;
  /** The first column's heading (a day, a week). */
  periodHeading: string;
  /** One row per period, in order: its label, then each line's rate (0–100) or null. */
  rows: readonly Record<string, string | number | null>[];
  lines: readonly TrendLine[];
  threshold?: number;
}

/**
 * A rate over time as a chart for the eye and, for screen readers, the same numbers as a table
 * (visually hidden; the chart itself is hidden from them).
 */
export function RateChart({ title, periodHeading, rows, lines, threshold }: RateChartProps) {
  const { t } = useTranslation();
  const rate = (value: string | number | null | undefined) => (typeof value === "number" ? t("dashboard.percent", { rate: formatNumber(value) }) : t("dashboard.noRate"));
  return (
    <figure className="rate-chart">
      <div className="rate-chart__plot" aria-hidden="true">
        <Suspense fallback={<p className="page__meta">{t("dashboard.chartLoading")}</p>}>
          <TrendChart rows={rows} lines={lines} threshold={threshold} thresholdLabel={threshold === undefined ? undefined : t("dashboard.thresholdLine", { rate: threshold })} />
        </Suspense>
      </div>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{periodHeading}</th>
            {lines.map((line) => (
              <th key={line.key} scope="col">
                {line.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row.label)}>
              <th scope="row">{row.label}</th>
              {lines.map((line) => (
                <td key={line.key}>{rate(row[line.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
