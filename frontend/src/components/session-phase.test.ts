import { describe, expect, it } from "vitest";
import { sessionPhase } from "./session-phase";

const lesson = { starts_at: "2026-11-23T09:00:00Z", ends_at: "2026-11-23T10:00:00Z" };
const at = (iso: string) => new Date(iso);

describe("where a session is", () => {
  it("goes by the clock before and during it", () => {
    expect(sessionPhase({ ...lesson, status: "scheduled" }, at("2026-11-23T08:59:59Z"))).toEqual({ kind: "upcoming" });
    expect(sessionPhase({ ...lesson, status: "scheduled" }, at("2026-11-23T09:00:00Z"))).toEqual({ kind: "running" });
    expect(sessionPhase({ ...lesson, status: "open" }, at("2026-11-23T09:30:00Z"), { marked: 12, total: 30 })).toEqual({ kind: "running", marked: 12, total: 30 });
  });

  it("once over, says whether the register was taken, or missed", () => {
    const after = at("2026-11-23T10:00:00Z");
    expect(sessionPhase({ ...lesson, status: "open" }, after, { marked: 30, total: 30 })).toEqual({ kind: "taken", marked: 30, total: 30 });
    expect(sessionPhase({ ...lesson, status: "open" }, after, { marked: 28, total: 30 })).toEqual({ kind: "taken", marked: 28, total: 30 });
    expect(sessionPhase({ ...lesson, status: "scheduled" }, after, { marked: 0, total: 30 })).toEqual({ kind: "missed" });
    // Nobody to mark is not a missed register.
    expect(sessionPhase({ ...lesson, status: "scheduled" }, after, { marked: 0, total: 0 })).toEqual({ kind: "taken", marked: 0, total: 0 });
    expect(sessionPhase({ ...lesson, status: "scheduled" }, after)).toEqual({ kind: "ended" });
  });

  it("closed and cancelled win over the clock", () => {
    expect(sessionPhase({ ...lesson, status: "cancelled" }, at("2026-11-23T09:30:00Z"))).toEqual({ kind: "cancelled" });
    expect(sessionPhase({ ...lesson, status: "closed" }, at("2026-11-23T08:00:00Z"), { marked: 30, total: 30 })).toEqual({ kind: "closed", marked: 30, total: 30 });
  });
});
