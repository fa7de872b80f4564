/** What the timing needs of a check-in code answer. */
export interface CodeTiming {
  expires_at: string;
  rotates_every_s: number;
  grace_s?: number;
}

/** Ask a little after the step has turned, so that the server surely has the next code. */
const AFTER_ROTATION_MS = 500;
const SOONEST_MS = 1_000;

/**
 * How long to wait before asking for the next code: until the end of this code's step (its
 * `expires_at` less the grace), just after it. Never sooner than a second, and never later than
 * one rotation: a device whose clock runs behind the server's still shows a code that is accepted
 * (within the grace) rather than one long expired.
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
