import { useParams } from "react-router";
import { CheckInCodePage } from "@/features/self-check-in/components/CheckInCodePage";
import { useSession } from "@/features/sessions/api/get-session";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** The check-in code of a self check-in session: administrators and the session's frontline staff. */
export function CheckInCodeRoute() {
  const { sessionId = "" } = useParams();
  const frame = usePresenceFrame();
  const allowed = frame.role === "admin" || frame.role === "frontline";
  const session = useSession(sessionId, { enabled: allowed });
  return (
    <RequireRole roles={["admin", "frontline"]}>
      <CheckInCodePage key={sessionId} sessionId={sessionId} title={session.data?.title} terms={frame.terms} />
    </RequireRole>
  );
}
