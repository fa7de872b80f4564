import { describe, expect, it } from "vitest";
import { belowThreshold } from "@/features/home/api/list-below-threshold";
import { rateRows, todayOverview } from "./dashboard-figures";

const session = (id: string, status: string, startsAt: string, endsAt: string) =>
  ({ id, group_id: "g1", series_id: null, title: id, starts_at: startsAt, ends_at: endsAt, location: null, mode: "roll_call", status, notes: null, created_at: startsAt }) as never;
const item = (s: never, marked: number, expected = 30) => ({ session: s, group_name: "7B", domain: "education", counts: {}, marked, expected, checked_in: 0, in_now: 0, checked_out: 0 });

describe("the dashboard's figures", () => {
  it("counts today's sessions, those running, and the registers not taken once a session started", () => {
    const now = Date.parse("2026-12-07T10:30:00Z");
    const items = [
      item(session("running-untaken", "scheduled", "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z"), 0),
      item(session("open-taken", "open", "2026-12-07T09:00:00Z", "2026-12-07T12:00:00Z"), 12),
      item(session("later", "scheduled", "2026-12-07T14:00:00Z", "2026-12-07T15:00:00Z"), 0),
      item(session("cancelled", "cancelled", "2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z"), 0),
      item(session("over-untaken", "closed", "2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z"), 0),
    ];
    expect(todayOverview(items, now)).toEqual({ total: 5, running: 2, notTaken: 2 });
  });

  it("lays each group's days side by side, with no rate where a group had no session", () => {
    const rows = rateRows(
      [
        { key: "a", periods: [{ period: "2026-12-01", rate: 90.04, counts: { present: 9, late: 0, absent: 1, excused: 0, other: 0 } }] },
        { key: "b", periods: [{ period: "2026-12-02", rate: 75, counts: { present: 3, late: 0, absent: 1, excused: 0, other: 0 } }] },
      ],
      (day) => day,
    );
    expect(rows).toEqual([
      { label: "2026-12-01", a: 90, b: null },
      { label: "2026-12-02", a: null, b: 75 },
    ]);
  });

  it("lists each participant below the threshold once, newest word first, from the last 30 days only", () => {
    const note = (id: string, participant: string, at: string, kind = "below_threshold") => ({
      id,
      kind,
      title: `${participant} is below`,
      body: null,
      link: `/participants/${participant}`,
      data: { participant_id: participant },
      created_at: at,
      read_at: null,
    });
    const since = Date.parse("2026-11-07T00:00:00Z");
    const found = belowThreshold(
      [note("1", "p1", "2026-12-06T10:00:00Z"), note("2", "p2", "2026-12-05T10:00:00Z", "report_ready"), note("3", "p1", "2026-12-01T10:00:00Z"), note("4", "p3", "2026-10-01T10:00:00Z")],
      since,
    );
    expect(found.map((f) => [f.participantId, f.link])).toEqual([["p1", "/participants/p1"]]);
  });
});
