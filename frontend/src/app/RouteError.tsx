import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";

/** When a page cannot render (e.g. its code vanished with a new release), say so and offer a way out. */
export function RouteError() {
  const { t } = useTranslation();
  usePageTitle(t("errors.pageTitle"));
  return (
    <main id="main" className="route-error">
      <h1>{t("errors.pageTitle")}</h1>
      <p>{t("errors.pageFailed")}</p>
      <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
        {t("errors.reload")}
      </button>
    </main>
  );
}
