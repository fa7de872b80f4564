import { minutesBetween } from "@/lib/duration";
import type { PresenceRecord } from "@/features/roster/api/get-roster";
import type { Check } from "@/features/roster/hooks/use-roll-call";

/** When a participant came and went, as the screen shows it now. */
export interface CheckTimes {
  /** ISO 8601; null: not checked in. */
  checkInAt: string | null;
  checkOutAt: string | null;
  /** Whole minutes, once both times exist. */
  durationMinutes: number | null;
}

/** What a check-in or check-out does to the times, as the server does it (SPEC §2, issue 11). */
function applyCheck(times: CheckTimes, check: Check): CheckTimes {
  if (check.action === "check_in") {
    // Checking in again after leaving clears the check-out and keeps the first arrival.
    return { checkInAt: times.checkInAt ?? check.at, checkOutAt: null, durationMinutes: null };
  }
  return { checkInAt: times.checkInAt, checkOutAt: check.at, durationMinutes: null };
}

/**
 * The record's times, then what waits in the outbox, then what is on its way: the row shows a
 * check-in at once, with this device's time, until the server's record replaces it.
 */
export function checkTimes(record: PresenceRecord | null, queued?: Check, pending?: Check): CheckTimes {
  let times: CheckTimes = {
    checkInAt: record?.check_in_at ?? null,
    checkOutAt: record?.check_out_at ?? null,
    durationMinutes: record?.duration_minutes ?? null,
  };
  if (queued) times = applyCheck(times, queued);
  if (pending) times = applyCheck(times, pending);
  if (times.durationMinutes === null && times.checkInAt && times.checkOutAt) {
    const minutes = minutesBetween(new Date(times.checkInAt), new Date(times.checkOutAt));
    times = { ...times, durationMinutes: minutes >= 0 ? minutes : null };
  }
  return times;
}

/** In now: checked in and not (yet) out. */
export function isIn(times: CheckTimes): boolean {
  return times.checkInAt !== null && times.checkOutAt === null;
}

/**
 * How late a check-in was: the minutes after the start, when it came after the group's grace
 * (`late_after_minutes`); null when on time, or not known.
 */
export function minutesLate(checkInAt: string | null, startsAt: string, lateAfterMinutes: number | undefined): number | null {
  if (!checkInAt || lateAfterMinutes === undefined) return null;
  const arrived = new Date(checkInAt).getTime();
  const start = new Date(startsAt).getTime();
  if (arrived <= start + lateAfterMinutes * 60_000) return null;
  return minutesBetween(new Date(start), new Date(arrived));
}
