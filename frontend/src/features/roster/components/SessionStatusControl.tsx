import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorAlert } from "@/components/ErrorAlert";
import { lower, type Terminology } from "@/components/terminology";
import type { SessionStatus } from "@/features/roster/api/get-roster";
import { useSetSessionStatus } from "@/features/roster/api/set-session-status";

/** Open a scheduled session, close an open one (asking first), reopen a closed one. */
export function SessionStatusControl({ sessionId, status, terms }: { sessionId: string; status: SessionStatus; terms: Terminology }) {
  const { t } = useTranslation();
  const change = useSetSessionStatus();
  const [confirming, setConfirming] = useState(false);
  if (status === "cancelled") return null;
  const session = lower(terms.session);
  const send = (next: "open" | "closed") => {
    if (!change.isPending) change.mutate({ sessionId, status: next }, { onSuccess: () => setConfirming(false) });
  };
  return (
    <div className="roster-status">
      {status === "open" ? (
        <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(true)}>
          {t("roster.status.close", { session })}
        </button>
      ) : (
        <ActionButton type="button" className="button button--secondary button--small" pending={change.isPending} onClick={() => send("open")}>
          {status === "closed" ? t("roster.status.reopen", { session }) : t("roster.status.open", { session })}
        </ActionButton>
      )}
      {confirming ? null : <ErrorAlert error={change.error} />}
      <ConfirmDialog
        open={confirming}
        title={t("roster.status.closeTitle", { session })}
        confirmLabel={t("roster.status.close", { session })}
        pending={change.isPending}
        onConfirm={() => send("closed")}
        onClose={() => setConfirming(false)}
      >
        <ErrorAlert error={change.error} />
        <p>{t("roster.status.closeBody", { session })}</p>
      </ConfirmDialog>
    </div>
  );
}
