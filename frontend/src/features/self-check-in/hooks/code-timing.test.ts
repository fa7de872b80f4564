import { describe, expect, it } from "vitest";
import { nextRefreshDelay, serverNow, stillAccepted } from "./code-timing";

// A code of the step 09:00:00–09:00:30, taken until 09:00:40 (10 s of grace).
const code = { expires_at: "2026-11-27T09:00:40Z", rotates_every_s: 30, grace_s: 10 };
const at = (time: string) => Date.parse(`2026-11-27T${time}Z`);

describe("when the code screen asks for the next code", () => {
  it("asks just after the step turns, not when the code stops being accepted", () => {
    expect(nextRefreshDelay(code, at("09:00:00"))).toBe(30_500);
    expect(nextRefreshDelay(code, at("09:00:21"))).toBe(9_500);
  });

  it("waits at least a second, even when the step has already turned", () => {
    expect(nextRefreshDelay(code, at("09:00:30"))).toBe(1_000);
    expect(nextRefreshDelay(code, at("09:00:35"))).toBe(1_000);
  });

  it("never waits longer than one rotation, whatever this device's clock says", () => {
    // The device's clock runs 20 s behind the server's.
    expect(nextRefreshDelay(code, at("08:59:45"))).toBe(30_500);
  });

  it("copes with an answer without a grace or a readable time", () => {
    expect(nextRefreshDelay({ expires_at: "2026-11-27T09:00:30Z", rotates_every_s: 30 }, at("09:00:10"))).toBe(20_500);
    expect(nextRefreshDelay({ expires_at: "soon", rotates_every_s: 30 }, at("09:00:10"))).toBe(30_000);
  });

  it("knows whether the code shown is still accepted", () => {
    expect(stillAccepted(code, at("09:00:39"))).toBe(true);
    expect(stillAccepted(code, at("09:00:40"))).toBe(false);
  });
});

describe("the server's clock, from the code's answer", () => {
  it("times the next look by the server's clock when this device's is off", () => {
    // Answered at 09:00:21 by the server's clock; this device's clock says 08:58:00 then.
    const answer = { ...code, server_time: "2026-11-27T09:00:21Z" };
    const receivedAt = at("08:58:00");
    expect(serverNow(answer, receivedAt, receivedAt)).toBe(at("09:00:21"));
    expect(serverNow(answer, receivedAt, at("08:58:05"))).toBe(at("09:00:26"));
    expect(nextRefreshDelay(answer, serverNow(answer, receivedAt, receivedAt))).toBe(9_500);
  });

  it("falls back on this device's clock without a server time", () => {
    expect(serverNow({}, at("09:00:00"), at("09:00:05"))).toBe(at("09:00:05"));
    expect(serverNow({ server_time: "garbled" }, at("09:00:00"), at("09:00:05"))).toBe(at("09:00:05"));
  });
});
