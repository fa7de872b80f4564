import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { useOutbox } from "@/lib/offline/outbox";
import { useSignOut } from "@/features/auth/hooks/use-sign-out";

export function SignOutButton() {
  const { t } = useTranslation();
  const { signOut, isPending, error } = useSignOut();
  // Changes made offline and not sent yet: say so before signing out (SPEC §4.5). They stay on
  // this device, bound to this user, and are sent when the same user signs in here again.
  const waiting = useOutbox((state) => state.entries.length);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <ActionButton
        type="button"
        className="button button--on-dark"
        onClick={() => {
          if (isPending) return;
          if (waiting > 0) setConfirming(true);
          else signOut();
        }}
        pending={isPending}
        pendingText={t("auth.signingOut")}
      >
        {t("auth.signOut")}
      </ActionButton>
      {error ? <Alert tone="error">{t("auth.signOutFailed")}</Alert> : null}
      <ConfirmDialog
        open={confirming}
        title={t("sync.signOutTitle")}
        confirmLabel={t("sync.signOutAnyway")}
        cancelLabel={t("sync.staySignedIn")}
        onConfirm={() => {
          setConfirming(false);
          signOut();
        }}
        onClose={() => setConfirming(false)}
      >
        <p>{t("sync.signOutBody", { count: waiting })}</p>
      </ConfirmDialog>
    </>
  );
}
