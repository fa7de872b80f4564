/** What the timing needs of a check-in code answer. */
export interface CodeTiming {
  expires_at: string;
  rotates_every_s: number;
  grace_s?: number;
  /** The server's clock when it answered: steps turn by it, not by this device's. */
  server_time?: string;
}

/**
 * The server's time now, from this device's: the server's clock when it answered plus the time
 * since the answer came (`receivedAt`, by this device's clock). Without a server time, this
 * device's clock is all there is.
 */
export function serverNow(code: Pick<CodeTiming, "server_time">, receivedAt: number, now: number): number {
  const at = code.server_time ? Date.parse(code.server_time) : Number.NaN;
  return Number.isNaN(at) ? now : at + (now - receivedAt);
}

/** Ask a little after the step has turned, so that the server surely has the next code. */
const AFTER_ROTATION_MS = 500;
const SOONEST_MS = 1_000;

/**
 * How long to wait before asking for the next code: until the end of this code's step (its
 * `expires_at` less the grace), just after it, by the server's clock (`now`: see serverNow). Never
 * sooner than a second, and never later than one rotation.
 */
export function nextRefreshDelay(code: CodeTiming, now: number): number {
  const period = Math.max(1, code.rotates_every_s) * 1000;
  const stepEnds = Date.parse(code.expires_at) - (code.grace_s ?? 0) * 1000;
  if (Number.isNaN(stepEnds)) return period;
  return Math.min(period + AFTER_ROTATION_MS, Math.max(SOONEST_MS, stepEnds - now + AFTER_ROTATION_MS));
}

/** Whether the code shown is still accepted (with its grace) at `now`. */
export function stillAccepted(code: Pick<CodeTiming, "expires_at">, now: number): boolean {
  return Date.parse(code.expires_at) > now;
}
