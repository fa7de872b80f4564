import { describe, expect, it } from "vitest";
import { previewSeries } from "./series-preview";

describe("a series before it is made", () => {
  it("weekdays from Mon 23 Nov to Fri 18 Dec make 20 sessions and skip nothing", () => {
    const preview = previewSeries("2026-11-23", { freq: "weekly", interval: 1, byWeekday: ["mo", "tu", "we", "th", "fr"], until: "2026-12-18" })!;
    expect(preview.dates).toHaveLength(20);
    expect(preview.dates[0]).toBe("2026-11-23");
    expect(preview.dates[19]).toBe("2026-12-18");
    expect(preview.skipped).toEqual([]);
  });

  it("skips the first day when it is not one of the rule's days (as the API's rrule does)", () => {
    const preview = previewSeries("2026-11-22", { freq: "weekly", interval: 1, byWeekday: ["mo", "we"], count: 3 })!;
    expect(preview.dates).toEqual(["2026-11-23", "2026-11-25", "2026-11-30"]);
    expect(preview.skipped).toEqual(["2026-11-22"]);
  });

  it("every other week counts weeks from Monday, and says which chosen days it passes over", () => {
    const preview = previewSeries("2026-11-25", { freq: "weekly", interval: 2, byWeekday: ["mo", "we"], until: "2026-12-21" })!;
    // Week of 23 Nov (from Wed 25), week of 7 Dec, week of 21 Dec.
    expect(preview.dates).toEqual(["2026-11-25", "2026-12-07", "2026-12-09", "2026-12-21"]);
    expect(preview.skipped).toEqual(["2026-11-30", "2026-12-02", "2026-12-14", "2026-12-16"]);
  });

  it("weekly with no days chosen repeats the first day's weekday; daily counts days", () => {
    expect(previewSeries("2026-11-26", { freq: "weekly", interval: 1, count: 3 })!.dates).toEqual(["2026-11-26", "2026-12-03", "2026-12-10"]);
    const daily = previewSeries("2026-11-30", { freq: "daily", interval: 2, until: "2026-12-06" })!;
    expect(daily.dates).toEqual(["2026-11-30", "2026-12-02", "2026-12-04", "2026-12-06"]);
    expect(daily.skipped).toEqual(["2026-12-01", "2026-12-03", "2026-12-05"]);
  });

  it("the last day is included, and nothing comes of a rule without an end", () => {
    expect(previewSeries("2026-11-23", { freq: "daily", interval: 1, until: "2026-11-23" })!.dates).toEqual(["2026-11-23"]);
    expect(previewSeries("2026-11-23", { freq: "daily", interval: 1, until: "2026-11-22" })!.dates).toEqual([]);
    expect(previewSeries("2026-11-23", { freq: "daily", interval: 1 })).toBeNull();
    expect(previewSeries("", { freq: "daily", interval: 1, count: 2 })).toBeNull();
  });
});
