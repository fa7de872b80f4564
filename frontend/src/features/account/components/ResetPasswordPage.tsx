import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Alert } from "@/components/Alert";
import { usePageTitle } from "@/components/page-title";
import { useConfirmPasswordReset } from "@/features/account/api/password-reset";
import { NewPasswordForm } from "./NewPasswordForm";
import { PublicCard } from "./PublicCard";
import { useLinkToken } from "./token";

/** /reset-password#token=… — a new password from the mailed link. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.reset.title"));
  const token = useLinkToken();
  const confirm = useConfirmPasswordReset();
  const navigate = useNavigate();
  return (
    <PublicCard heading={t("account.reset.heading")}>
      {token ? (
        <NewPasswordForm
          submitLabel={t("account.reset.submit")}
          pending={confirm.isPending}
          error={confirm.error}
          onSubmit={(password) =>
            confirm.mutate(
              { token, password },
              { onSuccess: ({ email }) => void navigate("/sign-in", { replace: true, state: { email, notice: "passwordSet" } }) },
            )
          }
        />
      ) : (
        <Alert tone="error">
          <p>{t("account.linkIncomplete")}</p>
          <p>
            <Link to="/forgot-password">{t("account.reset.askAgain")}</Link>
          </p>
        </Alert>
      )}
    </PublicCard>
  );
}
