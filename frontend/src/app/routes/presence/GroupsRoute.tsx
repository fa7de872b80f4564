import { GroupsPage } from "@/features/groups/components/GroupsPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function GroupsRoute() {
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin", "manager"]}>
      <GroupsPage domains={frame.domains} terms={frame.terms} canEdit={frame.role === "admin"} />
    </RequireRole>
  );
}
