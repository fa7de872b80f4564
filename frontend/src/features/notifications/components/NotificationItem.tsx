import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { formatDateTime } from "@/lib/intl";
import type { Notification } from "@/features/notifications/api/list-notifications";
import { screenOf } from "./screen-of";

interface NotificationItemProps {
  notification: Notification;
  /** Opening it marks it read (and closes the bell's panel). */
  onOpen: (notification: Notification) => void;
  onMarkRead: (notification: Notification) => void;
  markingRead: boolean;
  headingLevel?: "h3" | "h2";
}

/** One notification: its sentence leading to the screen that deals with it, when, and whether it is read. */
export function NotificationItem({ notification, onOpen, onMarkRead, markingRead, headingLevel: Heading = "h3" }: NotificationItemProps) {
  const { t } = useTranslation();
  const unread = notification.read_at === null;
  const screen = screenOf(notification.link);
  return (
    <li className={unread ? "notification notification--unread" : "notification"}>
      <Heading className="notification__title">
        {screen ? (
          <Link to={screen} onClick={() => onOpen(notification)}>
            {notification.title}
          </Link>
        ) : (
          notification.title
        )}
      </Heading>
      {notification.body ? <p className="notification__body">{notification.body}</p> : null}
      <p className="notification__meta">
        {unread ? <span className="notification__new">{t("notifications.new")}</span> : null}
        <time dateTime={notification.created_at}>{formatDateTime(new Date(notification.created_at))}</time>
      </p>
      {unread ? (
        <ActionButton
          type="button"
          className="button button--quiet notification__read"
          pending={markingRead}
          onClick={() => {
            if (!markingRead) onMarkRead(notification);
          }}
        >
          {t("notifications.markRead")}
          <span className="visually-hidden">: {notification.title}</span>
        </ActionButton>
      ) : null}
    </li>
  );
}
