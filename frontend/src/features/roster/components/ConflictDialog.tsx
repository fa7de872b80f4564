import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/Dialog";
import { StateLabel } from "@/components/StateLabel";
import { formatTime } from "@/lib/intl";
import { useRecordHistory } from "@/features/roster/api/get-record-history";
import type { Conflict } from "@/features/roster/hooks/use-roll-call";
import type { RosterState } from "./types";

interface ConflictDialogProps {
  conflict: Conflict | undefined;
  stateByCode: ReadonlyMap<string, RosterState>;
  timeZone: string | undefined;
  onResolve: (participantId: string, keep: "mine" | "theirs") => void;
}

/**
 * A colleague marked the same person a moment before: nothing was overwritten. Say who recorded
 * what and when, and let the user keep theirs or take the colleague's.
 */
export function ConflictDialog({ conflict, stateByCode, timeZone, onResolve }: ConflictDialogProps) {
  const { t } = useTranslation();
  const theirs = conflict?.theirs ?? null;
  const history = useRecordHistory(theirs?.id ?? null, { version: theirs?.version });
  const latest = history.data?.find((entry) => entry.version === theirs?.version);
  const label = (code: string) => stateByCode.get(code)?.label ?? code;

  return (
    <Dialog
      open={Boolean(conflict)}
      onClose={() => conflict && onResolve(conflict.participantId, "theirs")}
      title={t("roster.conflictTitle", { name: conflict?.name ?? "" })}
    >
      {conflict ? (
        <div className="form">
          <p>
            {theirs
              ? t("roster.conflictBody", {
                  who: latest?.actor_name ?? t("roster.aColleague"),
                  state: label(theirs.state),
                  time: formatTime(new Date(theirs.recorded_at), timeZone),
                })
              : t("roster.conflictGone")}
          </p>
          <dl className="conflict-compare">
            <div>
              <dt>{t("roster.conflictTheirs")}</dt>
              <dd>
                {theirs ? <StateLabel color={stateByCode.get(theirs.state)?.color} label={label(theirs.state)} /> : t("roster.unmarked")}
                {theirs?.note ? <span className="muted"> — {theirs.note}</span> : null}
              </dd>
            </div>
            <div>
              <dt>{t("roster.conflictMine")}</dt>
              <dd>
                <StateLabel color={stateByCode.get(conflict.mine.state)?.color} label={label(conflict.mine.state)} />
                {conflict.mine.note ? <span className="muted"> — {conflict.mine.note}</span> : null}
              </dd>
            </div>
          </dl>
          <div className="form-actions">
            <button type="button" className="button button--primary" onClick={() => onResolve(conflict.participantId, "mine")}>
              {t("roster.keepMine", { state: label(conflict.mine.state) })}
            </button>
            <button type="button" className="button button--secondary" onClick={() => onResolve(conflict.participantId, "theirs")}>
              {theirs ? t("roster.keepTheirs", { state: label(theirs.state) }) : t("roster.keepUnmarked")}
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
