import type { TFunction } from "i18next";
import { formatDuration } from "@/lib/duration";
import { formatTime } from "@/lib/intl";
import { ApiError, NetworkError } from "@/lib/problem";
import type { Scanned } from "@/features/kiosk/api/scan";

/** What the kiosk says after a scan, and what it does next. */
export type KioskAnswer =
  | { kind: "welcome" | "goodbye"; text: string }
  /** Said as a problem; the next person scans afresh. */
  | { kind: "problem"; text: string }
  /** The badge needs its PIN: ask for it (again, after a wrong one). */
  | { kind: "pin"; text: string; wrong: boolean }
  /** The kiosk's key no longer works: forget it and show the setup. */
  | { kind: "switchedOff"; text: string };

/** "Aisha" of "Aisha Khan": at a door in public, the first name is enough. */
export function greetingName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

/**
 * A scan's answer in very plain words ("Welcome, Aisha — checked in 08:57", "Goodbye, Aisha —
 * 6 h 12 min"), or what went wrong and what to do. A 422 on `pin` with `pin_required` asks for the
 * PIN (no try was counted); otherwise a PIN that was sent was wrong. Times in the organization's
 * timezone (GET /api/kiosk says which), whatever the device's clock is set to.
 */
export function kioskAnswer(
  outcome: { ok: Scanned } | { error: unknown },
  { pinSent, session, timeZone }: { pinSent: boolean; /** The domain's word, lower case ("sitting"). */ session: string; timeZone?: string },
  t: TFunction,
): KioskAnswer {
  if ("ok" in outcome) {
    const { action, participant, record } = outcome.ok;
    const name = greetingName(participant.name);
    if (action === "checked_out") {
      return {
        kind: "goodbye",
        text: record.duration_minutes == null ? t("kiosk.goodbye", { name }) : t("kiosk.goodbyeAfter", { name, duration: formatDuration(record.duration_minutes) }),
      };
    }
    return {
      kind: "welcome",
      text: record.check_in_at ? t("kiosk.welcome", { name, time: formatTime(new Date(record.check_in_at), timeZone) }) : t("kiosk.welcomeOnRegister", { name }),
    };
  }
  const { error } = outcome;
  if (error instanceof NetworkError) return { kind: "problem", text: t("kiosk.unreachable") };
  if (!(error instanceof ApiError)) return { kind: "problem", text: t("kiosk.failed") };
  const code = (error.body as { code?: unknown } | undefined)?.code;
  switch (error.status) {
    case 401:
      return { kind: "switchedOff", text: t("kiosk.switchedOff") };
    case 404:
      return { kind: "problem", text: t("kiosk.unknownBadge") };
    case 429:
      if (code === "locked") return { kind: "problem", text: t("kiosk.locked", { count: Math.max(1, Math.ceil((error.retryAfter ?? 900) / 60)) }) };
      return { kind: "problem", text: t("kiosk.busy") };
    case 422:
      if (error.codeOf("pin") === "wrong_pin") {
        const required = (error.body as { pin_required?: unknown } | undefined)?.pin_required === true;
        return required || !pinSent ? { kind: "pin", text: t("kiosk.enterPin"), wrong: false } : { kind: "pin", text: t("kiosk.wrongPin"), wrong: true };
      }
      if (error.codeOf("badge") === "not_expected") return { kind: "problem", text: t("kiosk.notExpected", { session }) };
      return { kind: "problem", text: t("kiosk.failed") };
  }
  return { kind: "problem", text: t("kiosk.failed") };
}
