import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/Alert";
import { useSignOut } from "../hooks/use-sign-out";

export function SignOutButton() {
  const { t } = useTranslation();
  const { signOut, isPending, error } = useSignOut();
  return (
    <>
      <button
        type="button"
        className="button button--on-dark"
        onClick={() => {
          if (!isPending) signOut();
        }}
        aria-disabled={isPending || undefined}
      >
        {isPending ? t("auth.signingOut") : t("auth.signOut")}
      </button>
      {error ? <Alert tone="error">{t("auth.signOutFailed")}</Alert> : null}
    </>
  );
}
