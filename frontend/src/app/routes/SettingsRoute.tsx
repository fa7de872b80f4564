import { useSignOut } from "@/features/auth/hooks/use-sign-out";
import { OrganizationSettingsPage } from "@/features/settings/components/OrganizationSettingsPage";
import { AdminOnly } from "./AdminOnly";
import { usePresenceFrame } from "./presence/use-presence-frame";

export function SettingsRoute() {
  const frame = usePresenceFrame();
  const { signOut } = useSignOut();
  return (
    <AdminOnly>
      <OrganizationSettingsPage terms={frame.terms} onClosed={signOut} />
    </AdminOnly>
  );
}
