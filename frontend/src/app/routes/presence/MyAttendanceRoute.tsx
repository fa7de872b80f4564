import { QueryStatus } from "@/components/QueryStatus";
import { MyAttendancePage } from "@/features/my-space/components/MyAttendancePage";
import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { useAuthSession } from "@/lib/auth-session";
import { todayIn } from "@/lib/intl";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** A participant's own attendance, beside the organization's threshold, and their data to download. */
export function MyAttendanceRoute() {
  const frame = usePresenceFrame();
  const participantId = useAuthSession((state) => state.user?.participant_id ?? null);
  const organization = useCurrentOrganization();
  return (
    <RequireRole roles={["external"]}>
      {frame.timeZone ? (
        <MyAttendancePage terms={frame.terms} today={todayIn(frame.timeZone)} threshold={organization.data?.attendance_threshold_percent} participantId={participantId} />
      ) : (
        <QueryStatus isPending error={organization.error} />
      )}
    </RequireRole>
  );
}
