import { describe, expect, it } from "vitest";
import { returnPath } from "./use-return-path";

describe("returnPath", () => {
  it("returns to the page the user wanted", () => {
    expect(returnPath({ from: { pathname: "/reports", search: "?group=1", hash: "#top" } })).toBe("/reports?group=1#top");
  });

  it("falls back to home without a usable page", () => {
    expect(returnPath(null)).toBe("/");
    expect(returnPath({})).toBe("/");
    expect(returnPath({ from: { pathname: "/sign-in" } })).toBe("/");
  });

  it("never leaves the app", () => {
    expect(returnPath({ from: { pathname: "//evil.example/x" } })).toBe("/");
    expect(returnPath({ from: { pathname: "https://evil.example/" } })).toBe("/");
  });
});
