import { useParams } from "react-router";
import { ParticipantPage } from "@/features/participants/components/ParticipantPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function ParticipantRoute() {
  const { participantId = "" } = useParams();
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin", "manager"]}>
      <ParticipantPage key={participantId} participantId={participantId} terms={frame.terms} timeZone={frame.timeZone} canManageData={frame.role === "admin"} />
    </RequireRole>
  );
}
