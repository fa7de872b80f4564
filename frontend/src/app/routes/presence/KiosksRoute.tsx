import { useCallback, useMemo } from "react";
import { useNavigate } from "react-router";
import { saveKioskToken } from "@/features/kiosk/stores/kiosk-token";
import { KiosksPage } from "@/features/kiosks/components/KiosksPage";
import type { KioskCandidate } from "@/features/kiosks/components/KioskForm";
import { useSessions } from "@/features/sessions/api/list-sessions";
import { addDays, todayIn } from "@/lib/intl";
import { RequireRole } from "./RequireRole";
import { usePresenceFrame } from "./use-presence-frame";

/** How far ahead a kiosk's sessions are offered. */
const DAYS_AHEAD = 60;

/**
 * Kiosks: administrators, and frontline users for their own. The app hands the page the sessions
 * a kiosk can serve (taken by check-in, not over) and opens a new kiosk on this device.
 */
export function KiosksRoute() {
  const frame = usePresenceFrame();
  const navigate = useNavigate();
  const allowed = frame.role === "admin" || frame.role === "frontline";
  const today = frame.timeZone ? todayIn(frame.timeZone) : undefined;
  // From yesterday: a session running across midnight is still open this morning.
  const sessions = useSessions({ from: today && addDays(today, -1), to: today && addDays(today, DAYS_AHEAD) }, { enabled: allowed && Boolean(today) });
  const candidates = useMemo<KioskCandidate[] | undefined>(
    () =>
      sessions.data?.pages
        .flatMap((page) => page.items)
        .filter((s) => (s.mode === "check_in_out" || s.mode === "self_check_in") && (s.status === "open" || s.status === "scheduled")),
    [sessions.data],
  );
  const openKiosk = useCallback(
    (token: string) => {
      saveKioskToken(token);
      void navigate("/kiosk");
    },
    [navigate],
  );
  return (
    <RequireRole roles={["admin", "frontline"]}>
      <KiosksPage sessions={candidates} timeZone={frame.timeZone} terms={frame.terms} onOpenKiosk={openKiosk} />
    </RequireRole>
  );
}
