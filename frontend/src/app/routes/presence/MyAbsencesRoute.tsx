import { useMemo } from "react";
import { QueryStatus } from "@/components/QueryStatus";
import { MyAbsencesPage } from "@/features/advance-notices/components/MyAbsencesPage";
import { useAuthSession } from "@/lib/auth-session";
import { todayIn } from "@/lib/intl";
import { statesOf, useStateLabel } from "./NoticesRoute";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** A participant's own absences: ask for one (an excused state), see each request's status. */
export function MyAbsencesRoute() {
  const frame = usePresenceFrame();
  const participantId = useAuthSession((state) => state.user?.participant_id ?? null);
  const states = useMemo(() => statesOf(frame.domains, ["excused"]), [frame.domains]);
  const stateLabel = useStateLabel(frame.domains);
  return (
    <RequireRole roles={["external"]}>
      {frame.timeZone && frame.domains ? (
        <MyAbsencesPage participantId={participantId} states={states} stateLabel={stateLabel} terms={frame.terms} timeZone={frame.timeZone} today={todayIn(frame.timeZone)} />
      ) : (
        <QueryStatus isPending error={null} />
      )}
    </RequireRole>
  );
}
