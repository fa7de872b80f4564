import { describe, expect, it } from "vitest";
import { periodDays, roundRate, summarize } from "./attendance";

const week = (period: string, rate: number | null, counts: Partial<Record<"present" | "late" | "absent" | "excused" | "other", number>>) => ({
  period,
  rate,
  counts: { present: 0, late: 0, absent: 0, excused: 0, other: 0, ...counts },
});

describe("a participant's attendance over a period", () => {
  it("ends the period today and counts today in", () => {
    expect(periodDays("4w", "2026-12-07")).toEqual({ from: "2026-11-10", to: "2026-12-07" });
    expect(periodDays("12m", "2026-12-07")).toEqual({ from: "2025-12-08", to: "2026-12-07" });
  });

  it("adds the weeks' counts up and weighs each week's rate by the marks it was made of", () => {
    const summary = summarize([
      week("2026-11-16", 100, { present: 4 }),
      week("2026-11-23", 50, { present: 1, absent: 1, excused: 3 }),
      week("2026-11-30", null, { excused: 5 }),
    ]);
    expect(summary.counts).toEqual({ present: 5, late: 0, absent: 1, excused: 8, other: 0 });
    expect(summary.rate).toBeCloseTo((100 * 4 + 50 * 2) / 6);
  });

  it("has no rate when nothing weighted was marked", () => {
    expect(summarize([]).rate).toBeNull();
    expect(summarize([week("2026-11-30", null, { excused: 2 })]).rate).toBeNull();
  });

  it("rounds down, so that a rate shown is above the threshold only when it is", () => {
    expect(roundRate(99.6)).toBe(99);
    expect(roundRate(100)).toBe(100);
    expect(roundRate(89.99)).toBe(89);
    expect(roundRate(90)).toBe(90);
  });
});
