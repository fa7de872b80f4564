import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/Alert";
import { Dialog } from "@/components/Dialog";
import { useAuthSession } from "@/lib/auth-session";
import { TypedConfirmation } from "@/components/TypedConfirmation";
import { formatDateTime } from "@/lib/intl";
import { useCloseOrganization, type ClosedOrganization } from "@/features/settings/api/close-organization";
import type { OrganizationSettings } from "@/features/settings/api/organization-settings";

interface CloseOrganizationProps {
  organization: OrganizationSettings;
  timeZone: string;
  /** Once closed this login is over too: sign out here and go to the sign-in page. */
  onClosed: () => void;
}

/** The danger zone: close the organization for good, confirmed by typing its name. */
export function CloseOrganization({ organization, timeZone, onClosed }: CloseOrganizationProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [closed, setClosed] = useState<ClosedOrganization | null>(null);
  const close = useCloseOrganization();
  const dismiss = () => {
    if (closed) {
      onClosed();
      return;
    }
    close.reset();
    setOpen(false);
  };

  return (
    <section className="danger-zone" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("closeOrg.title")}</h2>
      <p>{t("closeOrg.intro")}</p>
      <button type="button" className="button button--danger" onClick={() => setOpen(true)}>
        {t("closeOrg.open", { name: organization.name })}
      </button>
      <Dialog open={open} onClose={dismiss} title={closed ? t("closeOrg.closedTitle", { name: closed.name }) : t("closeOrg.dialogTitle", { name: organization.name })}>
        {open && closed ? (
          <div className="form">
            <Alert tone="notice">
              <p>{t("closeOrg.closed", { name: closed.name })}</p>
              <p>{t("closeOrg.purgeAt", { when: formatDateTime(new Date(closed.purge_at), timeZone) })}</p>
            </Alert>
            <p>{t("closeOrg.signedOut")}</p>
            <div className="form-actions">
              <button type="button" className="button button--primary" onClick={onClosed}>
                {t("closeOrg.toSignIn")}
              </button>
            </div>
          </div>
        ) : null}
        {open && !closed ? (
          <TypedConfirmation
            expected={organization.name}
            field="confirm"
            label={t("closeOrg.typeName", { name: organization.name })}
            confirmLabel={t("closeOrg.confirm", { name: organization.name })}
            error={close.error}
            pending={close.isPending}
            onCancel={dismiss}
            onConfirm={(typed) =>
              close.mutate(typed, {
                onSuccess: (done) => {
                  // Everyone's login ended with it, this one too: this dialog says so, and the
                  // sign-out waits for the user to have read it.
                  useAuthSession.getState().holdEnd();
                  setClosed(done);
                },
              })
            }
          >
            <p>
              <strong>{t("closeOrg.whatHappens")}</strong>
            </p>
            <ul className="consequences">
              <li>{t("closeOrg.consequence.signedOut")}</li>
              <li>{t("closeOrg.consequence.noSignIn")}</li>
              <li>{t("closeOrg.consequence.purge")}</li>
              <li>{t("closeOrg.consequence.noReopen")}</li>
            </ul>
            <p>{t("closeOrg.exportFirst")}</p>
          </TypedConfirmation>
        ) : null}
      </Dialog>
    </section>
  );
}
