import { useMe } from "@/features/auth/api/get-me";
import { HomePage } from "@/features/home/components/HomePage";
import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { useAuthSession } from "@/lib/auth-session";

/** Features stay apart (CONVENTIONS 11): the app hands the home page what the others know. */
export function HomeRoute() {
  const me = useMe();
  const sessionUser = useAuthSession((state) => state.user);
  const organization = useCurrentOrganization();
  const user = me.data ?? sessionUser;
  if (!user) return null;
  return <HomePage fullName={user.full_name} role={user.role} timeZone={organization.data?.timezone} />;
}
