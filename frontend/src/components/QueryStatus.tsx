import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./ErrorAlert";

interface QueryStatusProps {
  isPending: boolean;
  error: unknown;
  onRetry?: () => void;
}

/** "Loading…" while a screen's data comes, or why it did not, with a way to try again. */
export function QueryStatus({ isPending, error, onRetry }: QueryStatusProps) {
  const { t } = useTranslation();
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
