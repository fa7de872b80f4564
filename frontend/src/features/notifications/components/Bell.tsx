import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { QueryStatus } from "@/components/QueryStatus";
import { ErrorAlert } from "@/components/ErrorAlert";
import { useRecentNotifications, type Notification } from "@/features/notifications/api/list-notifications";
import { useMarkAllRead, useMarkRead } from "@/features/notifications/api/mark-read";
import { useNotificationStream } from "@/features/notifications/hooks/use-notification-stream";
import { NotificationItem } from "./NotificationItem";
import "@/features/notifications/notifications.css";

// Without the live stream, a gentle look every minute.
const POLL_MS = 60_000;

/** The bell in the header: how many notifications are unread, and a panel with the newest. */
export function Bell() {
  const { t } = useTranslation();
  const { live } = useNotificationStream();
  const recent = useRecentNotifications({ pollEvery: live ? false : POLL_MS });
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const unread = recent.data?.unread ?? 0;
  const items = recent.data?.items ?? [];

  // A click or a focus outside closes the panel, as any disclosure in a header would.
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (rootRef.current && event.target instanceof Node && !rootRef.current.contains(event.target)) setOpen(false);
    };
    // Escape closes it from anywhere inside, and focus goes back to the bell.
    const escape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      if (rootRef.current?.contains(document.activeElement)) buttonRef.current?.focus();
    };
    document.addEventListener("mousedown", outside);
    document.addEventListener("focusin", outside);
    document.addEventListener("keydown", escape);
    return () => {
      document.removeEventListener("mousedown", outside);
      document.removeEventListener("focusin", outside);
      document.removeEventListener("keydown", escape);
    };
  }, [open]);
  const opened = (notification: Notification) => {
    if (notification.read_at === null) markRead.mutate(notification.id);
    setOpen(false);
  };

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <svg className="bell__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        <span className="visually-hidden">{t("notifications.bell", { count: unread })}</span>
        {unread > 0 ? (
          <span className="nav-badge bell__count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      <span className="visually-hidden" role="status">
        {unread > 0 ? t("notifications.unread", { count: unread }) : ""}
      </span>
      <section id={panelId} className="bell__panel" aria-labelledby={headingId} hidden={!open}>
        <div className="bell__header">
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            {t("notifications.title")}
          </h2>
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
        </div>
        <ErrorAlert error={markRead.error ?? markAllRead.error} focus={false} />
        <QueryStatus isPending={recent.isPending} error={recent.error} onRetry={() => void recent.refetch()} />
        {recent.data && items.length === 0 ? <p className="muted">{t("notifications.empty")}</p> : null}
        {items.length > 0 ? (
          <ul className="notification-list">
            {items.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                onOpen={opened}
                // Its button goes away with it: focus stays in the panel, at its heading.
                onMarkRead={(n) => markRead.mutate(n.id, { onSuccess: () => headingRef.current?.focus() })}
                markingRead={markRead.isPending && markRead.variables === notification.id}
              />
            ))}
          </ul>
        ) : null}
        <p className="bell__footer">
          <Link to="/notifications" onClick={() => setOpen(false)}>
            {t("notifications.all")}
          </Link>
          <Link to="/notifications/settings" onClick={() => setOpen(false)}>
            {t("notifications.settingsLink")}
          </Link>
        </p>
      </section>
    </div>
  );
}
