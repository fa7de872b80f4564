import { describe, expect, it } from "vitest";
import { addDays, formatTimeRange, todayIn, zonedParts } from "./intl";

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

  it("moves dates by whole days across months and years", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("shows a span's clock times in the zone", () => {
    const text = formatTimeRange(new Date("2026-07-01T08:00:00Z"), new Date("2026-07-01T09:15:00Z"), "Europe/London");
    expect(text).toMatch(/\b0?9:00/);
    expect(text).toMatch(/10:15/);
  });
});
