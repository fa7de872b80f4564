import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { usePageTitle } from "@/components/page-title";

/**
 * When a page cannot render, say why and offer the way back: a missing page says it is missing
 * (reloading would not help); anything else (e.g. its code vanished with a new release) offers a
 * reload, and the home page either way.
 */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  const title = missing ? t("notFound.title") : t("errors.pageTitle");
  usePageTitle(title);
  return (
    <main id="main" className="route-error">
      <h1>{title}</h1>
      <p>{missing ? t("notFound.body") : t("errors.pageFailed")}</p>
      <p className="route-error__ways">
        {missing ? null : (
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            {t("errors.reload")}
          </button>
        )}{" "}
        <Link to="/" className={missing ? "button button--primary" : "button button--secondary"}>
          {t("notFound.home")}
        </Link>
      </p>
    </main>
  );
}
