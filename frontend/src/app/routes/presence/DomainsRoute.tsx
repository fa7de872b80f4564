import { DomainsPage } from "@/features/domains/components/DomainsPage";
import { useAuthSession } from "@/lib/auth-session";
import { RequireRole } from "./RequireRole";

export function DomainsRoute() {
  const role = useAuthSession((state) => state.user?.role);
  return (
    <RequireRole roles={["admin", "manager"]}>
      <DomainsPage canEdit={role === "admin"} />
    </RequireRole>
  );
}
