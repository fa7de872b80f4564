import { describe, expect, it } from "vitest";
import { addDays, formatDay, formatTimeRange, todayIn, zonedParts, zonedTimeToUtc } from "./intl";

describe("dates in the organization's timezone", () => {
  it("gives the wall-clock date and time of an instant in a zone", () => {
    const instant = new Date("2026-03-29T23:30:00Z");
    expect(zonedParts(instant, "Europe/London")).toEqual({ date: "2026-03-30", time: "00:30" });
    expect(zonedParts(instant, "America/New_York")).toEqual({ date: "2026-03-29", time: "19:30" });
    expect(zonedParts(instant, "Asia/Tokyo")).toEqual({ date: "2026-03-30", time: "08:30" });
  });

  it("says which day it is there", () => {
    expect(todayIn("Pacific/Auckland", new Date("2026-06-30T13:00:00Z"))).toBe("2026-07-01");
    expect(todayIn("Pacific/Honolulu", new Date("2026-06-30T09:00:00Z"))).toBe("2026-06-29");
  });

  it("shows a calendar day as that day, whatever the viewer's zone", () => {
    const shown = formatDay("2026-11-27");
    expect(shown).toMatch(/Fri/);
    expect(shown).toMatch(/\b27\b/);
    expect(shown).not.toMatch(/\b(26|28)\b/);
  });

  it("moves dates by whole days across months and years", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("shows a span's clock times in the zone", () => {
    const text = formatTimeRange(new Date("2026-07-01T08:00:00Z"), new Date("2026-07-01T09:15:00Z"), "Europe/London");
    expect(text).toMatch(/\b0?9:00/);
    expect(text).toMatch(/10:15/);
  });

  it("turns a local date and time of a zone into its instant, on both sides of a clock change", () => {
    expect(zonedTimeToUtc("2026-07-01", "18:00", "Europe/London").toISOString()).toBe("2026-07-01T17:00:00.000Z");
    expect(zonedTimeToUtc("2026-12-01", "18:00", "Europe/London").toISOString()).toBe("2026-12-01T18:00:00.000Z");
    expect(zonedTimeToUtc("2026-03-29", "03:30", "Europe/London").toISOString()).toBe("2026-03-29T02:30:00.000Z");
    expect(zonedTimeToUtc("2026-11-27", "09:00", "America/New_York").toISOString()).toBe("2026-11-27T14:00:00.000Z");
    expect(zonedTimeToUtc("2026-07-01", "08:00", "Asia/Tokyo").toISOString()).toBe("2026-06-30T23:00:00.000Z");
  });
});
