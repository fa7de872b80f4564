import { AuditLogPage } from "@/features/audit/components/AuditLogPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

export function AuditRoute() {
  const frame = usePresenceFrame();
  return (
    <RequireRole roles={["admin", "manager"]}>
      <AuditLogPage timeZone={frame.timeZone} />
    </RequireRole>
  );
}
