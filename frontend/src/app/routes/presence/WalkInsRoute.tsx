import { useCallback } from "react";
import { WalkInsPage } from "@/features/walk-ins/components/WalkInsPage";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** Walk-ins to match to the participants they are (administrators). */
export function WalkInsRoute() {
  const frame = usePresenceFrame();
  const domains = frame.domains;
  const stateLabel = useCallback(
    (code: string) => domains?.flatMap((d) => d.states).find((s) => s.code === code)?.label ?? code,
    [domains],
  );
  return (
    <RequireRole roles={["admin"]}>
      <WalkInsPage terms={frame.terms} timeZone={frame.timeZone} stateLabel={stateLabel} />
    </RequireRole>
  );
}
