import { useEffect, useState } from "react";
import { usePresenceStates } from "@/features/domains/api/list-presence-states";
import { SyncConflictsPage } from "@/features/sync-conflicts/components/SyncConflictsPage";
import { deviceId } from "@/lib/offline/device";
import { RequireRole } from "./presence/RequireRole";
import { usePresenceFrame } from "./presence/use-presence-frame";

/** The sync conflict queue: administrators settle conflicts, managers read them. */
export function SyncConflictsRoute() {
  const frame = usePresenceFrame();
  const allowed = frame.role === "admin" || frame.role === "manager";
  const states = usePresenceStates({ includeRetired: true, enabled: allowed });
  // "This device" beside a version made here (an administrator who also records).
  const [thisDevice, setThisDevice] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    deviceId().then(
      (id) => live && setThisDevice(id),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <RequireRole roles={["admin", "manager"]}>
      <SyncConflictsPage role={frame.role} timeZone={frame.timeZone} states={states.data} thisDevice={thisDevice} />
    </RequireRole>
  );
}
