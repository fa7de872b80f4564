import { useTranslation } from "react-i18next";
import { useAuthSession } from "@/lib/auth-session";
import { useConnectivity } from "@/lib/offline/connectivity";
import { useOutbox } from "@/lib/offline/outbox";
import { useSyncStatus } from "@/lib/offline/status";
import { formatNumber } from "@/lib/intl";
import "@/features/sync/sync.css";

/**
 * In the header, on every page: offline or not, how many changes wait ("3 pending"), and how far
 * a sync is. Announced politely as it changes; staff never need to do anything about it.
 */
export function SyncStatus() {
  const { t } = useTranslation();
  const pending = useOutbox((state) => state.entries.length);
  const phase = useSyncStatus((state) => state.phase);
  const progress = useSyncStatus((state) => state.progress);
  const online = useConnectivity((state) => state.online);
  const offlineSession = useAuthSession((state) => state.status === "offline");
  const offline = offlineSession || !online;
  const sending = phase === "sending" && progress !== null;

  return (
    <div className="sync-status" role="status" aria-label={t("sync.label")}>
      {offline ? <span className="sync-status__offline">{t("sync.offline")}</span> : null}
      {pending > 0 ? <span className="sync-status__pending">{t("sync.pending", { count: pending })}</span> : null}
      {sending ? (
        <span className="sync-status__sending">
          {t("sync.sending", { count: progress.total })}{" "}
          <progress className="sync-status__progress" max={100} value={progress.percent} aria-label={t("sync.progress")}>
            {formatNumber(progress.percent)}%
          </progress>
        </span>
      ) : null}
    </div>
  );
}
