import { useTranslation } from "react-i18next";
import { useOutbox } from "@/lib/offline/outbox";
import { applyUpdate } from "@/lib/offline/service-worker";
import { useSyncStatus } from "@/lib/offline/status";
import type { SendSummary } from "@/lib/offline/sender";

/** The rejected changes grouped by their reason: "2 changes were not accepted: Not a member…". */
function byReason(summary: SendSummary): [string | null, number][] {
  const counts = new Map<string | null, number>();
  for (const item of summary.rejected) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
  return [...counts];
}

/**
 * At the top of the page: how the last sync went, in plain words (saved, in conflict with a
 * colleague's, not accepted and why); the rows of the roster say which person each one was. Also
 * a failed round's reason, the changes another user left here, and a new version of the app.
 */
export function SyncMessages() {
  const { t } = useTranslation();
  const summary = useSyncStatus((state) => state.summary);
  const error = useSyncStatus((state) => state.error);
  const updateReady = useSyncStatus((state) => state.updateReady);
  const others = useOutbox((state) => state.others);

  return (
    <div className="sync-messages">
      <div role="status" className="sync-messages__live">
        {summary ? (
          <div className="alert alert--notice sync-messages__summary">
            <ul>
              {summary.saved ? <li>{t("sync.saved", { count: summary.saved })}</li> : null}
              {summary.conflicts.length ? <li>{t("sync.conflicts", { count: summary.conflicts.length })}</li> : null}
              {byReason(summary).map(([reason, count]) => (
                <li key={reason ?? ""}>{t("sync.rejected", { count, reason: reason ?? t("sync.noReason") })}</li>
              ))}
            </ul>
            <button type="button" className="button button--secondary button--small" onClick={() => useSyncStatus.setState({ summary: null })}>
              {t("ui.dismiss")}
            </button>
          </div>
        ) : null}
        {error ? <p className="alert alert--error">{t("sync.failed", { reason: error })}</p> : null}
      </div>
      {others > 0 ? <p className="muted">{t("sync.others", { count: others })}</p> : null}
      {updateReady ? (
        <div className="alert alert--notice sync-messages__update">
          <p>{t("sync.updateReady")}</p>
          <button type="button" className="button button--primary button--small" onClick={() => void applyUpdate()}>
            {t("sync.update")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
