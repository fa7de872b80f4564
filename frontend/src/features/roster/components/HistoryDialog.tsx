import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/Dialog";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { StateLabel } from "@/components/StateLabel";
import { formatDateTime } from "@/lib/intl";
import { useRecordHistory, type HistoryEntry } from "@/features/roster/api/get-record-history";
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
      {open ? <HistoryTable caption={t("roster.historyTitle", { name })} recordId={recordId} version={version} stateByCode={stateByCode} timeZone={timeZone} /> : null}
    </Dialog>
  );
}

function HistoryTable({ caption, recordId, version, stateByCode, timeZone }: Omit<HistoryDialogProps, "open" | "onClose" | "name"> & { caption: string }) {
  const { t } = useTranslation();
  const history = useRecordHistory(recordId, { version });
  if (!history.data) return <QueryStatus isPending={history.isPending} error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <StackedTable
      caption={caption}
      rows={history.data}
      rowKey={(entry) => String(entry.version)}
      columns={[
        { id: "when", header: t("roster.historyWhen"), onCard: "title", cell: (entry: HistoryEntry) => formatDateTime(new Date(entry.at), timeZone) },
        {
          id: "state",
          header: t("roster.historyState"),
          cell: (entry: HistoryEntry) => {
            const state = stateByCode.get(entry.state);
            return <StateLabel color={state?.color} label={state?.label ?? entry.state} />;
          },
        },
        { id: "note", header: t("roster.historyNote"), cell: (entry: HistoryEntry) => entry.note ?? "" },
        {
          id: "by",
          header: t("roster.historyBy"),
          cell: (entry: HistoryEntry) => entry.actor_name ?? (entry.actor ? t("roster.someone") : t("roster.system")),
        },
        {
          id: "how",
          header: t("roster.historyHow"),
          cell: (entry: HistoryEntry) => {
            const how = sourceKey(entry.source);
            return how ? t(how) : entry.source;
          },
        },
      ]}
    />
  );
}
