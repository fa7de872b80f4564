import { ParticipantsPage } from "@/features/participants/components/ParticipantsPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function ParticipantsRoute() {
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin", "manager"]}>
      <ParticipantsPage terms={frame.terms} canEdit={frame.role === "admin"} />
    </RequireRole>
  );
}
