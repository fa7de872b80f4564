import { NotificationSettingsPage } from "@/features/notifications/components/NotificationSettingsPage";
import { usePresenceFrame } from "./presence/use-presence-frame";

/** Everyone's email choices; the organization's notification rules for administrators and managers. */
export function NotificationSettingsRoute() {
  const frame = usePresenceFrame();
  return <NotificationSettingsPage role={frame.role} terms={frame.terms} />;
}
