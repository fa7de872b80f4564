import { describe, expect, it } from "vitest";
import type { PresenceRecord, Roster } from "@/features/roster/api/get-roster";
import { applyLiveEvent } from "./live-roster";
import { keepNewerRecords } from "./roster-records";

function record(participantId: string, state: string, version: number, extra: Partial<PresenceRecord> = {}): PresenceRecord {
  return {
    id: `r-${participantId}`,
    session_id: "s1",
    participant_id: participantId,
    state,
    note: null,
    version,
    source: "online",
    recorded_by: "u-colleague",
    recorded_at: "2026-11-27T09:03:00Z",
    check_in_at: null,
    check_out_at: null,
    duration_minutes: null,
    client_time: null,
    device_id: null,
    ...extra,
  };
}

function roster(records: Record<string, PresenceRecord> = {}): Roster {
  const people = [
    { id: "p1", name: "Łukasz Nowak", external_ref: "S1" },
    { id: "p2", name: "Şule Yılmaz", external_ref: "S2" },
  ];
  return {
    session: {
      id: "s1",
      group_id: "g1",
      series_id: null,
      title: "Mathematics",
      starts_at: "2026-11-27T09:00:00Z",
      ends_at: "2026-11-27T10:00:00Z",
      location: null,
      mode: "roll_call",
      status: "open",
      notes: null,
      created_at: "2026-11-01T08:00:00Z",
    },
    group: { id: "g1", name: "7B", domain: "education", late_after_minutes: 5 },
    counts: { unmarked: 2 },
    items: people.map((participant) => ({ participant, record: records[participant.id] ?? null })),
  };
}

const presence = (r: PresenceRecord, id = "10") => ({ id, event: "presence", data: r });
const stateOf = (r: Roster, participantId: string) => r.items.find((i) => i.participant.id === participantId)?.record?.state ?? null;

describe("a live event on the cached roster", () => {
  it("puts a colleague's mark in, leaving the other rows as they were", () => {
    const before = roster();
    const { roster: after, refetch } = applyLiveEvent(before, presence(record("p1", "late", 1)));
    expect(refetch).toBe(false);
    expect(stateOf(after, "p1")).toBe("late");
    expect(after.items[1]).toBe(before.items[1]);
  });

  it("never takes a record back to an older or the same version (a replay, this device's own echo)", () => {
    const before = roster({ p1: record("p1", "absent", 3) });
    expect(applyLiveEvent(before, presence(record("p1", "late", 2))).roster).toBe(before);
    expect(applyLiveEvent(before, presence(record("p1", "absent", 3))).roster).toBe(before);
    expect(stateOf(applyLiveEvent(before, presence(record("p1", "present", 4))).roster, "p1")).toBe("present");
  });

  it("takes a check-in from a kiosk with its times", () => {
    const { roster: after } = applyLiveEvent(roster(), presence(record("p2", "present", 1, { source: "kiosk", check_in_at: "2026-11-27T09:01:00Z" })));
    expect(after.items[1]!.record).toMatchObject({ state: "present", check_in_at: "2026-11-27T09:01:00Z", source: "kiosk" });
  });

  it("reads the roster again for someone it does not list (a walk-in added elsewhere) and after a reset", () => {
    const before = roster();
    expect(applyLiveEvent(before, presence(record("p-new", "present", 1)))).toEqual({ roster: before, refetch: true });
    expect(applyLiveEvent(before, { id: "", event: "reset", data: {} })).toEqual({ roster: before, refetch: true });
  });

  it("ignores another session's records and events it does not know", () => {
    const before = roster();
    expect(applyLiveEvent(before, presence(record("p1", "late", 1, { session_id: "s2" }))).roster).toBe(before);
    expect(applyLiveEvent(before, { id: "3", event: "notification", data: { id: "n1" } })).toEqual({ roster: before, refetch: false });
  });

  it("takes the counts of its own session", () => {
    const counts = { session_id: "s1", counts: { late: 1, unmarked: 1 }, marked: 1, expected: 2 };
    const { roster: after } = applyLiveEvent(roster(), { id: "11", event: "counts", data: counts });
    expect(after.counts).toEqual({ late: 1, unmarked: 1 });
    const same = applyLiveEvent(after, { id: "12", event: "counts", data: counts });
    expect(same.roster).toBe(after);
  });
});

describe("a roster read again", () => {
  it("keeps a record the cache holds in a newer version (the read set out before the event came)", () => {
    const held = roster({ p1: record("p1", "late", 2) });
    const read = roster({ p1: record("p1", "present", 1), p2: record("p2", "absent", 1) });
    const merged = keepNewerRecords(held, read);
    expect(stateOf(merged, "p1")).toBe("late");
    expect(stateOf(merged, "p2")).toBe("absent");
    expect(keepNewerRecords(roster({ p1: record("p1", "late", 1) }), read)).toBe(read);
  });
});
