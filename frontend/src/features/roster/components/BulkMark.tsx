import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { formatNumber } from "@/lib/intl";
import type { RosterState } from "./types";

interface BulkMarkProps {
  states: readonly RosterState[];
  /** The domain's word for the people on the register, lower case ("students"). */
  participants: string;
  defaultState: string;
  marked: number;
  total: number;
  busy: boolean;
  onMarkAll: (state: string, options: { onlyUnmarked: boolean }) => void;
}

/**
 * "Mark all unmarked as …" never touches a colleague's marks; "Mark all as …" changes everyone,
 * after asking when that replaces marks already made.
 */
export function BulkMark({ states, participants, defaultState, marked, total, busy, onMarkAll }: BulkMarkProps) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState(defaultState);
  const [confirming, setConfirming] = useState(false);
  const chosen = states.find((s) => s.code === state) ?? states[0];
  if (!chosen) return null;
  const label = chosen.label;
  // Nothing left for "Mark all unmarked" once everyone has a mark; said beside the button.
  const allMarked = marked >= total;
  const whyNot = total === 0 ? t("roster.bulkNobodyToMark", { participants }) : t("roster.bulkAllMarked", { participants });

  const markEveryone = () => {
    if (busy) return;
    if (marked > 0) setConfirming(true);
    else onMarkAll(chosen.code, { onlyUnmarked: false });
  };

  return (
    <fieldset className="fieldset roster-bulk">
      <legend>{t("roster.bulkLegend")}</legend>
      <div className="field">
        <label htmlFor={`${id}-state`}>{t("roster.bulkState")}</label>
        <select id={`${id}-state`} value={chosen.code} onChange={(e) => setState(e.target.value)}>
          {states.map((s) => (
            <option key={s.code} value={s.code}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <ActionButton
          className="button button--primary"
          pending={busy}
          unavailableReason={allMarked ? whyNot : undefined}
          reasonId={`${id}-why`}
          onClick={() => onMarkAll(chosen.code, { onlyUnmarked: true })}
        >
          {t("roster.markUnmarked", { state: label })}
        </ActionButton>
        <ActionButton className="button button--secondary" pending={busy} unavailableReason={total === 0 ? whyNot : undefined} reasonId={`${id}-why`} onClick={markEveryone}>
          {t("roster.markAll", { state: label })}
        </ActionButton>
        {busy ? (
          <span id={`${id}-why`} role="status" className="muted">
            {t("roster.bulkSaving")}
          </span>
        ) : allMarked ? (
          <span id={`${id}-why`} className="muted">
            {whyNot}
          </span>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        title={t("roster.confirmTitle", { state: label })}
        confirmLabel={t("roster.markAll", { state: label })}
        onConfirm={() => {
          setConfirming(false);
          onMarkAll(chosen.code, { onlyUnmarked: false });
        }}
        onClose={() => setConfirming(false)}
      >
        <p>{t("roster.confirmBody", { marked: formatNumber(marked), state: label })}</p>
      </ConfirmDialog>
    </fieldset>
  );
}
