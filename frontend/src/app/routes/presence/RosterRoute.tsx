import { useParams } from "react-router";
import { usePresenceStates } from "@/features/domains/api/list-presence-states";
import { RosterPage } from "@/features/roster/components/RosterPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function RosterRoute() {
  const { sessionId = "" } = useParams();
  const frame = usePresenceFrame();
  const states = usePresenceStates({ includeRetired: true, enabled: frame.role !== "external" });
  return (
    <RequireRole roles={["admin", "manager", "frontline"]}>
      {/* Keyed by the session: another roster starts with a clean slate (search, queue). */}
      <RosterPage key={sessionId} sessionId={sessionId} domains={frame.domains} allStates={states.data} timeZone={frame.timeZone} role={frame.role} />
    </RequireRole>
  );
}
