import { describe, expect, it } from "vitest";
import { formatDuration, minutesBetween } from "./duration";

describe("durations in words", () => {
  it("says hours and minutes the way a person reads them", () => {
    expect(formatDuration(372)).toBe("6 h 12 min");
    expect(formatDuration(45)).toBe("45 min");
    expect(formatDuration(120)).toBe("2 h");
    expect(formatDuration(0)).toBe("0 min");
  });

  it("counts whole minutes, never less than none", () => {
    expect(formatDuration(59.9)).toBe("59 min");
    expect(formatDuration(-3)).toBe("0 min");
  });

  it("counts the minutes between two times rounded down, as the server does", () => {
    expect(minutesBetween(new Date("2026-11-27T08:57:00Z"), new Date("2026-11-27T15:09:59Z"))).toBe(372);
    // Across midnight.
    expect(minutesBetween(new Date("2026-11-27T22:30:00Z"), new Date("2026-11-28T00:15:00Z"))).toBe(105);
  });
});
