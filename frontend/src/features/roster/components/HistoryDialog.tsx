import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/Dialog";
import { QueryStatus } from "@/components/QueryStatus";
import { StateLabel } from "@/components/StateLabel";
import { formatDateTime } from "@/lib/intl";
import { useRecordHistory } from "@/features/roster/api/get-record-history";
import type { RosterState } from "./types";

export const SOURCE_KEYS = {
  online: "roster.source.online",
  offline_sync: "roster.source.offlineSync",
  self_check_in: "roster.source.selfCheckIn",
  kiosk: "roster.source.kiosk",
  conflict_resolution: "roster.source.conflictResolution",
  auto_mark: "roster.source.autoMark",
  advance_notice: "roster.source.advanceNotice",
  import: "roster.source.import",
} as const;

export function sourceKey(source: string) {
  return SOURCE_KEYS[source as keyof typeof SOURCE_KEYS];
}

interface HistoryDialogProps {
  open: boolean;
  onClose: () => void;
  name: string;
  recordId: string | null;
  version: number | undefined;
  stateByCode: ReadonlyMap<string, RosterState>;
  timeZone: string | undefined;
}

/** Every version of one participant's record in this session, oldest first: nothing is lost. */
export function HistoryDialog({ open, onClose, name, recordId, version, stateByCode, timeZone }: HistoryDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t("roster.historyTitle", { name })} size="wide">
      {open ? <HistoryTable recordId={recordId} version={version} stateByCode={stateByCode} timeZone={timeZone} /> : null}
    </Dialog>
  );
}

function HistoryTable({ recordId, version, stateByCode, timeZone }: Omit<HistoryDialogProps, "open" | "onClose" | "name">) {
  const { t } = useTranslation();
  const history = useRecordHistory(recordId, { version });
  if (!history.data) return <QueryStatus isPending={history.isPending} error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("roster.historyWhen")}</th>
            <th scope="col">{t("roster.historyState")}</th>
            <th scope="col">{t("roster.historyNote")}</th>
            <th scope="col">{t("roster.historyBy")}</th>
            <th scope="col">{t("roster.historyHow")}</th>
          </tr>
        </thead>
        <tbody>
          {history.data.map((entry) => {
            const state = stateByCode.get(entry.state);
            const how = sourceKey(entry.source);
            return (
              <tr key={entry.version}>
                <td>{formatDateTime(new Date(entry.at), timeZone)}</td>
                <td>
                  <StateLabel color={state?.color} label={state?.label ?? entry.state} />
                </td>
                <td>{entry.note ?? ""}</td>
                <td>{entry.actor_name ?? (entry.actor ? t("roster.someone") : t("roster.system"))}</td>
                <td>{how ? t(how) : entry.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
