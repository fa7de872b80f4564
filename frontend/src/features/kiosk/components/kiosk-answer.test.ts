import { describe, expect, it } from "vitest";
import { i18n } from "@/lib/i18n";
import { formatTime } from "@/lib/intl";
import { ApiError, NetworkError, parseProblem } from "@/lib/problem";
import type { Scanned } from "@/features/kiosk/api/scan";
import { greetingName, kioskAnswer } from "./kiosk-answer";

const t = i18n.t.bind(i18n);
const words = { pinSent: false, session: "sitting" };

function scanned(action: Scanned["action"], record: Partial<Scanned["record"]>): Scanned {
  return {
    action,
    participant: { id: "p1", name: "Aisha Khan" },
    session: { id: "s1", title: "Gala dinner" },
    record: { id: "r1", session_id: "s1", participant_id: "p1", state: "checked_in", note: null, version: 1, source: "kiosk", recorded_by: null, recorded_at: "2026-11-27T08:57:00Z", check_in_at: null, check_out_at: null, duration_minutes: null, client_time: null, device_id: null, ...record },
  };
}

function refused(status: number, body: Record<string, unknown>, retryAfter: number | null = null): { error: ApiError } {
  return { error: new ApiError(status, parseProblem({ status, title: "x", ...body }, status), { status, ...body }, retryAfter) };
}

describe("what the kiosk says after a scan", () => {
  it("welcomes by first name with the time in, and says goodbye with the time spent", () => {
    expect(kioskAnswer({ ok: scanned("checked_in", { check_in_at: "2026-11-27T08:57:00Z" }) }, words, t)).toEqual({
      kind: "welcome",
      text: `Welcome, Aisha — checked in ${formatTime(new Date("2026-11-27T08:57:00Z"))}`,
    });
    expect(kioskAnswer({ ok: scanned("checked_out", { check_in_at: "2026-11-27T08:57:00Z", check_out_at: "2026-11-27T15:09:00Z", duration_minutes: 372 }) }, words, t)).toEqual({
      kind: "goodbye",
      text: "Goodbye, Aisha — 6 h 12 min",
    });
    // In the organization's timezone, as the kiosk's own answer names it, not the device's.
    expect(kioskAnswer({ ok: scanned("checked_in", { check_in_at: "2026-11-27T08:57:00Z" }) }, { ...words, timeZone: "Asia/Tokyo" }, t).text).toBe(
      `Welcome, Aisha — checked in ${formatTime(new Date("2026-11-27T08:57:00Z"), "Asia/Tokyo")}`,
    );
    // Marked by staff before (a self check-in session): nothing changed, still a welcome.
    expect(kioskAnswer({ ok: scanned("checked_in", { check_in_at: null }) }, words, t).text).toBe("Welcome, Aisha — you're on the register");
  });

  it("says plainly what went wrong", () => {
    expect(kioskAnswer(refused(404, { detail: "We don't know that badge.", code: "unknown_badge" }), words, t)).toEqual({ kind: "problem", text: "We don't know that badge" });
    expect(kioskAnswer(refused(422, { errors: [{ field: "badge", message: "Not expected.", code: "not_expected" }] }), words, t)).toEqual({
      kind: "problem",
      text: "You're not expected at any open sitting here",
    });
    expect(kioskAnswer(refused(429, { code: "locked" }, 840), words, t)).toEqual({ kind: "problem", text: "Too many wrong PINs — this badge is locked for 14 minutes" });
    expect(kioskAnswer(refused(429, {}, 5), words, t).text).toBe("The kiosk is busy: try again in a moment");
    expect(kioskAnswer({ error: new NetworkError() }, words, t).text).toBe("The kiosk cannot reach the server: try again in a moment");
  });

  it("asks for the PIN when the badge needs one, and again after a wrong one", () => {
    const pin = refused(422, { errors: [{ field: "pin", message: "Enter your PIN.", code: "wrong_pin" }] });
    expect(kioskAnswer(pin, { ...words, pinSent: false }, t)).toEqual({ kind: "pin", text: "Enter your PIN", wrong: false });
    expect(kioskAnswer(pin, { ...words, pinSent: true }, t)).toEqual({ kind: "pin", text: "Wrong PIN — try again", wrong: true });
    // The server says the PIN was missing (no try counted): asked for, never called wrong.
    const missing = refused(422, { errors: [{ field: "pin", message: "Enter your PIN.", code: "wrong_pin" }], pin_required: true });
    expect(kioskAnswer(missing, { ...words, pinSent: true }, t)).toEqual({ kind: "pin", text: "Enter your PIN", wrong: false });
  });

  it("knows when it has been switched off", () => {
    expect(kioskAnswer(refused(401, { detail: "not switched on" }), words, t).kind).toBe("switchedOff");
  });

  it("greets by the first name", () => {
    expect(greetingName("Aisha Khan")).toBe("Aisha");
    expect(greetingName("陈静")).toBe("陈静");
    expect(greetingName("  Łukasz  Nowak ")).toBe("Łukasz");
  });
});
