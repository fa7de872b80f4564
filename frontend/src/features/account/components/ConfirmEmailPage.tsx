import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { usePageTitle } from "@/components/page-title";
import { useConfirmEmailChange } from "@/features/account/api/email-change";
import { PublicCard } from "./PublicCard";
import { useLinkToken } from "./token";

/**
 * /confirm-email#token=… — the link mailed to a new address. Nothing changes until its reader asks:
 * a mail scanner opening the link confirms nothing.
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.confirmEmail.title"));
  const token = useLinkToken();
  const confirm = useConfirmEmailChange();
  const navigate = useNavigate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!token || confirm.isPending) return;
    confirm.mutate({ token }, { onSuccess: ({ email }) => void navigate("/sign-in", { replace: true, state: { email, notice: "emailChanged" } }) });
  };
  return (
    <PublicCard heading={t("account.confirmEmail.heading")}>
      {token ? (
        <form onSubmit={submit} noValidate>
          <p>{t("account.confirmEmail.intro")}</p>
          {confirm.error ? <ProblemAlert error={confirm.error} fallback={t("account.failed")} /> : null}
          <ActionButton type="submit" className="button button--primary" pending={confirm.isPending} pendingText={t("account.confirmEmail.submitting")}>
            {t("account.confirmEmail.submit")}
          </ActionButton>
        </form>
      ) : (
        <Alert tone="error">
          <p>{t("account.linkIncomplete")}</p>
          <p>
            <Link to="/sign-in">{t("account.backToSignIn")}</Link>
          </p>
        </Alert>
      )}
    </PublicCard>
  );
}
