import { useTranslation } from "react-i18next";
import { StateLabel } from "@/components/StateLabel";
import { formatNumber } from "@/lib/intl";
import type { RosterState } from "./types";

interface RosterCountsProps {
  /** The domain's states in use, in order: each gets a count, 0 included. */
  states: readonly RosterState[];
  stateByCode: ReadonlyMap<string, RosterState>;
  counts: ReadonlyMap<string, number>;
  unmarked: number;
  total: number;
  marked: number;
  /** Sessions where people check in: who checked in, who is in now (not out), who left; undefined: not shown. */
  checks?: { checkedIn: number; inNow: number; checkedOut: number };
}

/** How many are in each state, unmarked last; follows every mark as it is made. */
export function RosterCounts({ states, stateByCode, counts, unmarked, total, marked, checks }: RosterCountsProps) {
  const { t } = useTranslation();
  const listed = new Set(states.map((s) => s.code));
  // A retired state still held by some records is counted too, by its label.
  const others = [...counts.keys()].filter((code) => !listed.has(code));
  return (
    <section className="roster-counts" aria-labelledby="roster-counts-heading">
      <h2 id="roster-counts-heading" className="roster-counts__heading">
        {t("roster.countsHeading", { marked: formatNumber(marked), total: formatNumber(total) })}
      </h2>
      {checks === undefined ? null : (
        <>
          <p className="roster-counts__in">
            {t("roster.check.inNow", { count: checks.inNow, inNow: formatNumber(checks.inNow), total: formatNumber(total) })}
          </p>
          <p className="roster-counts__came">
            {t("roster.check.cameAndWent", { checkedIn: formatNumber(checks.checkedIn), checkedOut: formatNumber(checks.checkedOut) })}
          </p>
        </>
      )}
      <ul aria-label={t("roster.counts")}>
        {states.map((state) => (
          <li key={state.code}>
            <StateLabel color={state.color} label={state.label} />
            <strong className="roster-counts__n">{formatNumber(counts.get(state.code) ?? 0)}</strong>
          </li>
        ))}
        {others.map((code) => (
          <li key={code}>
            <StateLabel color={stateByCode.get(code)?.color} label={stateByCode.get(code)?.label ?? code} />
            <strong className="roster-counts__n">{formatNumber(counts.get(code) ?? 0)}</strong>
          </li>
        ))}
        <li>
          <StateLabel label={t("roster.unmarked")} />
          <strong className="roster-counts__n">{formatNumber(unmarked)}</strong>
        </li>
      </ul>
    </section>
  );
}
