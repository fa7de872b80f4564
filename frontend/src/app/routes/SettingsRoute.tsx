import { OrganizationSettingsPage } from "@/features/settings/components/OrganizationSettingsPage";
import { AdminOnly } from "./AdminOnly";

export function SettingsRoute() {
  return (
    <AdminOnly>
      <OrganizationSettingsPage />
    </AdminOnly>
  );
}
