import { NotificationsPage } from "@/features/notifications/components/NotificationsPage";

/** Every notification of the signed-in user (the bell shows the newest). */
export function NotificationsRoute() {
  return <NotificationsPage />;
}
