import { useTranslation } from "react-i18next";

interface LoadMoreProps {
  shown: number;
  hasMore: boolean;
  isFetching: boolean;
  onMore: () => void;
}

/** Cursor pages: how many are shown, and a button for the next page while there is one. */
export function LoadMore({ shown, hasMore, isFetching, onMore }: LoadMoreProps) {
  const { t } = useTranslation();
  return (
    <div className="load-more">
      <p role="status" className="muted">
        {hasMore ? t("ui.shownSoFar", { count: shown }) : t("ui.shownAll", { count: shown })}
      </p>
      {hasMore ? (
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={isFetching || undefined}
          onClick={() => {
            if (!isFetching) onMore();
          }}
        >
          {isFetching ? t("ui.loadingMore") : t("ui.showMore")}
        </button>
      ) : null}
    </div>
  );
}
