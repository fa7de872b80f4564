import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { useNotifications } from "@/features/notifications/api/list-notifications";
import { useMarkAllRead, useMarkRead } from "@/features/notifications/api/mark-read";
import { NotificationItem } from "./NotificationItem";
import "@/features/notifications/notifications.css";

/** Every notification of mine, newest first, each leading to its screen; mark one or all read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("notifications.title"));
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pages = notifications.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const unread = pages[0]?.unread ?? 0;

  return (
    <section className="page">
      <div className="page-header">
        <h1 ref={headingRef} tabIndex={-1}>
          {t("notifications.title")}
        </h1>
        <div className="table__actions">
          {unread > 0 ? (
            <ActionButton
              type="button"
              className="button button--secondary"
              pending={markAllRead.isPending}
              onClick={() => {
                if (!markAllRead.isPending) markAllRead.mutate();
              }}
            >
              {t("notifications.markAllRead")}
            </ActionButton>
          ) : null}
          <Link className="button button--secondary" to="/notifications/settings">
            {t("notifications.settingsLink")}
          </Link>
        </div>
      </div>
      <p className="page__meta">{t("notifications.pageIntro")}</p>
      <p role="status" className="visually-hidden">
        {notifications.data ? t("notifications.unread", { count: unread }) : ""}
      </p>
      <ErrorAlert error={markRead.error ?? markAllRead.error} />
      <QueryStatus isPending={notifications.isPending} error={notifications.error} onRetry={() => void notifications.refetch()} />
      {notifications.data && items.length === 0 ? <p>{t("notifications.empty")}</p> : null}
      {items.length > 0 ? (
        <>
          <ul className="notification-list">
            {items.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                headingLevel="h2"
                onOpen={(n) => {
                  if (n.read_at === null) markRead.mutate(n.id);
                }}
                onMarkRead={(n) => markRead.mutate(n.id, { onSuccess: () => headingRef.current?.focus() })}
                markingRead={markRead.isPending && markRead.variables === notification.id}
              />
            ))}
          </ul>
          <LoadMore
            shown={items.length}
            hasMore={Boolean(notifications.hasNextPage)}
            isFetching={notifications.isFetchingNextPage}
            onMore={() => void notifications.fetchNextPage()}
          />
        </>
      ) : null}
    </section>
  );
}
