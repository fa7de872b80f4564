import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One line of the chart: a group, its colour and dash (two ways to tell lines apart, never colour alone). */
export interface TrendLine {
  key: string;
  name: string;
}

interface TrendChartProps {
  /** One row per day: `label` for the axis, then each line's rate (0–100) or null. */
  rows: readonly Record<string, string | number | null>[];
  lines: readonly TrendLine[];
  /** Drawn as a dashed line across, when known. */
  threshold?: number;
  thresholdLabel?: string;
}

// Dark enough on white (≥ 3:1 for graphics, WCAG 1.4.11), and told apart by dash as well.
const COLORS = ["#1d4ed8", "#b45309", "#047857", "#7e22ce", "#be123c", "#0e7490", "#4d7c0f", "#334155"];
const DASHES = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 6"];

/**
 * The attendance rate over time, one line per group (recharts, loaded only where a chart is
 * shown). Hidden from screen readers: the same numbers are in a table beside it.
 */
export default function TrendChart({ rows, lines, threshold, thresholdLabel }: TrendChartProps) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={rows as Record<string, string | number | null>[]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#cbd5e1" strokeDasharray="3 3" />
        <XAxis dataKey="label" tick={{ fill: "#334155", fontSize: 12 }} minTickGap={16} />
        <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fill: "#334155", fontSize: 12 }} />
        <Tooltip formatter={(value) => (value === null || value === undefined ? "—" : `${value}%`)} />
        <Legend />
        {threshold === undefined ? null : <ReferenceLine y={threshold} stroke="#991b1b" strokeDasharray="4 4" label={thresholdLabel} />}
        {lines.map((line, i) => (
          <Line
            key={line.key}
            type="monotone"
            dataKey={line.key}
            name={line.name}
            stroke={COLORS[i % COLORS.length]}
            strokeDasharray={DASHES[i % DASHES.length]}
            strokeWidth={2}
            dot={{ r: 3 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
