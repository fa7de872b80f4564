import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "@/lib/problem";
import { Alert } from "./Alert";
import { ErrorAlert } from "./ErrorAlert";

interface QueryStatusProps {
  isPending: boolean;
  error: unknown;
  onRetry?: () => void;
}

/**
 * "Loading…" while a screen's data comes, or why it did not: a missing or forbidden item says so
 * and offers the way back (trying again would not help); anything else offers to try again.
 */
export function QueryStatus({ isPending, error, onRetry }: QueryStatusProps) {
  const { t } = useTranslation();
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return (
      <div className="query-status">
        <Alert tone="error">
          <p>{error.status === 404 ? t("ui.notFound") : t("ui.forbiddenHere")}</p>
        </Alert>
        <p className="query-status__ways">
          {window.history.length > 1 ? (
            <button type="button" className="button button--secondary" onClick={() => window.history.back()}>
              {t("ui.goBack")}
            </button>
          ) : null}
          <Link to="/" className="button button--secondary">
            {t("notFound.home")}
          </Link>
        </p>
      </div>
    );
  }
  if (error) {
    return (
      <div className="query-status">
        <ErrorAlert error={error} focus={false} />
        {onRetry ? (
          <button type="button" className="button button--secondary" onClick={onRetry}>
            {t("ui.retry")}
          </button>
        ) : null}
      </div>
    );
  }
  if (isPending) {
    return (
      <p role="status" className="query-status page__meta">
        {t("ui.loading")}
      </p>
    );
  }
  return null;
}
