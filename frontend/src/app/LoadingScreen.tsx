import { useTranslation } from "react-i18next";

/** Neutral: shown before anyone knows whether the user is signed in. */
export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <main id="main" className="loading-screen" aria-busy="true">
      <p role="status">{t("app.loading")}</p>
    </main>
  );
}
