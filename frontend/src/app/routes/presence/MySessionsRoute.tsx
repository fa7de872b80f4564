import { QueryStatus } from "@/components/QueryStatus";
import { MySessionsPage } from "@/features/my-space/components/MySessionsPage";
import { todayIn } from "@/lib/intl";
import { useStateLabel } from "./NoticesRoute";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** A participant's own sessions, upcoming and past, with their mark in each. */
export function MySessionsRoute() {
  const frame = usePresenceFrame();
  const stateLabel = useStateLabel(frame.domains);
  return (
    <RequireRole roles={["external"]}>
      {frame.timeZone && frame.domains ? (
        <MySessionsPage terms={frame.terms} timeZone={frame.timeZone} today={todayIn(frame.timeZone)} stateLabel={stateLabel} />
      ) : (
        <QueryStatus isPending error={null} />
      )}
    </RequireRole>
  );
}
