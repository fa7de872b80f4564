import { describe, expect, it } from "vitest";
import type { PresenceRecord } from "@/features/roster/api/get-roster";
import { checkTimes, isIn, minutesLate } from "./check-times";

function record(extra: Partial<PresenceRecord>): PresenceRecord {
  return {
    id: "r1",
    session_id: "s1",
    participant_id: "p1",
    state: "checked_in",
    note: null,
    version: 1,
    source: "online",
    recorded_by: null,
    recorded_at: "2026-11-27T09:00:00Z",
    check_in_at: null,
    check_out_at: null,
    duration_minutes: null,
    client_time: null,
    device_id: null,
    ...extra,
  };
}

describe("check-in times as the roster shows them", () => {
  it("takes the record's times and duration", () => {
    const times = checkTimes(record({ check_in_at: "2026-11-27T08:57:00Z", check_out_at: "2026-11-27T15:09:00Z", duration_minutes: 372 }));
    expect(times).toEqual({ checkInAt: "2026-11-27T08:57:00Z", checkOutAt: "2026-11-27T15:09:00Z", durationMinutes: 372 });
    expect(isIn(times)).toBe(false);
  });

  it("shows a check-in on its way at once, with this device's time", () => {
    const times = checkTimes(null, undefined, { action: "check_in", at: "2026-11-27T09:02:00Z" });
    expect(times).toEqual({ checkInAt: "2026-11-27T09:02:00Z", checkOutAt: null, durationMinutes: null });
    expect(isIn(times)).toBe(true);
  });

  it("works out the duration of a check-out waiting in the outbox, in whole minutes", () => {
    const times = checkTimes(record({ check_in_at: "2026-11-27T08:57:00Z" }), { action: "check_out", at: "2026-11-27T15:09:59Z" });
    expect(times.durationMinutes).toBe(372);
    expect(isIn(times)).toBe(false);
  });

  it("checking in again after leaving keeps the first arrival and clears the check-out, as the server does", () => {
    const left = record({ check_in_at: "2026-11-27T08:57:00Z", check_out_at: "2026-11-27T12:00:00Z", duration_minutes: 183 });
    expect(checkTimes(left, undefined, { action: "check_in", at: "2026-11-27T13:00:00Z" })).toEqual({
      checkInAt: "2026-11-27T08:57:00Z",
      checkOutAt: null,
      durationMinutes: null,
    });
  });

  it("counts lateness from the start once past the group's grace, not at its very minute", () => {
    const starts = "2026-11-27T09:00:00Z";
    expect(minutesLate("2026-11-27T09:05:00Z", starts, 5)).toBeNull();
    expect(minutesLate("2026-11-27T09:05:01Z", starts, 5)).toBe(5);
    expect(minutesLate("2026-11-27T09:12:30Z", starts, 5)).toBe(12);
    expect(minutesLate("2026-11-27T08:50:00Z", starts, 0)).toBeNull();
    expect(minutesLate(null, starts, 5)).toBeNull();
    expect(minutesLate("2026-11-27T09:12:00Z", starts, undefined)).toBeNull();
  });
});
