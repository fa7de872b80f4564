import { describe, expect, it } from "vitest";
import { checkRange, dayCount, formatDays, isDay, MAX_DAYS, whenIs } from "./notice-dates";

describe("an advance notice's days", () => {
  it("takes only real calendar days, written as the API takes them", () => {
    expect(isDay("2026-12-01")).toBe(true);
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2026-13-01")).toBe(false);
    expect(isDay("1/12/2026")).toBe(false);
    expect(isDay("")).toBe(false);
  });

  it("counts both the first and the last day, across a month's end and a clock change", () => {
    expect(dayCount("2026-12-01", "2026-12-01")).toBe(1);
    expect(dayCount("2026-11-28", "2026-12-02")).toBe(5);
    // Europe's clocks go back on 25 October 2026: still whole days.
    expect(dayCount("2026-10-24", "2026-10-26")).toBe(3);
  });

  it("names each field's problem: a missing day, an end before the start, too many days", () => {
    expect(checkRange("2026-12-01", "2026-12-05")).toEqual({});
    expect(checkRange("", "")).toEqual({ from: "from_missing", to: "to_missing" });
    expect(checkRange("2026-12-05", "2026-12-01")).toEqual({ to: "to_before_from" });
    expect(checkRange("2026-01-01", "2027-01-01")).toEqual({});
    expect(dayCount("2026-01-01", "2027-01-01")).toBe(MAX_DAYS);
    expect(checkRange("2026-01-01", "2027-01-02")).toEqual({ to: "too_long" });
  });

  it("says the days without moving them to another day, whatever the zone", () => {
    const squash = (text: string) => text.replace(/[\s\u2009\u202f]+/g, " ");
    expect(squash(formatDays("2026-12-01", "2026-12-01", ["en-GB"]))).toBe("Tue, 1 Dec 2026");
    expect(squash(formatDays("2026-12-01", "2026-12-04", ["en-GB"]))).toBe("Tue, 1 Dec – Fri, 4 Dec 2026");
    expect(squash(formatDays("2026-12-31", "2027-01-01", ["en-GB"]))).toBe("Thu, 31 Dec 2026 – Fri, 1 Jan 2027");
  });

  it("tells past, current and coming notices apart by the organization's today", () => {
    expect(whenIs("2026-12-01", "2026-12-03", "2026-12-04")).toBe("past");
    expect(whenIs("2026-12-01", "2026-12-03", "2026-12-03")).toBe("now");
    expect(whenIs("2026-12-01", "2026-12-03", "2026-12-01")).toBe("now");
    expect(whenIs("2026-12-01", "2026-12-03", "2026-11-30")).toBe("upcoming");
  });
});
