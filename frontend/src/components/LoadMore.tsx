import { useTranslation } from "react-i18next";
import { ActionButton } from "./ActionButton";

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
        <ActionButton
          type="button"
          className="button button--secondary"
          pending={isFetching}
          pendingText={t("ui.loadingMore")}
          onClick={() => {
            if (!isFetching) onMore();
          }}
        >
          {t("ui.showMore")}
        </ActionButton>
      ) : null}
    </div>
  );
}
