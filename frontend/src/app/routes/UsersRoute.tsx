import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { UsersPage } from "@/features/users/components/UsersPage";
import { useAuthSession } from "@/lib/auth-session";
import { AdminOnly } from "./AdminOnly";

export function UsersRoute() {
  const userId = useAuthSession((state) => state.user?.id ?? "");
  const organization = useCurrentOrganization();
  return (
    <AdminOnly>
      <UsersPage currentUserId={userId} timeZone={organization.data?.timezone} />
    </AdminOnly>
  );
}
