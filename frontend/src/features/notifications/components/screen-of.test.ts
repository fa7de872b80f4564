import { describe, expect, it } from "vitest";
import { screenOf } from "./screen-of";

describe("a notification's screen", () => {
  it("follows the app's own paths, with their query", () => {
    expect(screenOf("/sessions/s1")).toBe("/sessions/s1");
    expect(screenOf("/reports?id=r1")).toBe("/reports?id=r1");
  });
  it("follows nothing outside the app", () => {
    expect(screenOf("https://example.com/x")).toBeNull();
    expect(screenOf("//example.com/x")).toBeNull();
    expect(screenOf(null)).toBeNull();
  });
});
