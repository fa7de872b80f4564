import { useParams } from "react-router";
import { GroupPage } from "@/features/groups/components/GroupPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function GroupRoute() {
  const { groupId = "" } = useParams();
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin", "manager"]}>
      <GroupPage key={groupId} groupId={groupId} domains={frame.domains} timeZone={frame.timeZone} canEdit={frame.role === "admin"} />
    </RequireRole>
  );
}
