import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { ProfilePage } from "@/features/profile/components/ProfilePage";

export function ProfileRoute() {
  const organization = useCurrentOrganization();
  return <ProfilePage timeZone={organization.data?.timezone} />;
}
