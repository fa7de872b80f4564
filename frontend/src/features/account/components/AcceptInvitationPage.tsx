import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Alert } from "@/components/Alert";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { useAcceptInvitation, useInvitationPreview } from "@/features/account/api/invitation";
import { NewPasswordForm } from "./NewPasswordForm";
import { PublicCard } from "./PublicCard";
import { useLinkToken } from "./token";

/** /invitation#token=… — the invited person chooses their password, then signs in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.invitation.title"));
  const token = useLinkToken();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation();
  const navigate = useNavigate();

  let content;
  if (!token) content = <Alert tone="error">{t("account.linkIncomplete")}</Alert>;
  else if (preview.isPending) content = <p role="status">{t("account.checkingLink")}</p>;
  else if (preview.isError) content = <ProblemAlert error={preview.error} fallback={t("account.linkUnusable")} />;
  else
    content = (
      <>
        <p>{t("account.invitation.intro", { name: preview.data.full_name, organization: preview.data.organization_name })}</p>
        <p>
          {t("account.invitation.email")} <strong>{preview.data.email}</strong>
        </p>
        <NewPasswordForm
          email={preview.data.email}
          submitLabel={t("account.invitation.submit")}
          pending={accept.isPending}
          error={accept.error}
          onSubmit={(password) =>
            accept.mutate(
              { token, password },
              { onSuccess: ({ email }) => void navigate("/sign-in", { replace: true, state: { email, notice: "passwordSet" } }) },
            )
          }
        />
      </>
    );
  return <PublicCard heading={t("account.invitation.heading")}>{content}</PublicCard>;
}
