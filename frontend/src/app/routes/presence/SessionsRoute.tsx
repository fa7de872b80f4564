import { useGroups } from "@/features/groups/api/list-groups";
import { SessionsPage } from "@/features/sessions/components/SessionsPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function SessionsRoute() {
  const frame = usePresenceFrame();
  const groups = useGroups({ enabled: frame.role !== "external" });
  return (
    <RequireRole roles={["admin", "manager"]}>
      <SessionsPage
        timeZone={frame.timeZone}
        groups={groups.data?.items.filter((g) => !g.archived_at)}
        termsFor={frame.termsFor}
        terms={frame.terms}
        canEdit={frame.role === "admin"}
      />
    </RequireRole>
  );
}
