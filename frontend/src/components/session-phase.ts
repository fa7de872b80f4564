import type { TFunction } from "i18next";

/**
 * Where a session is, for people, from the clock and (where known) its register: upcoming,
 * running now, register taken 30/30, missed, closed, cancelled. For display only: the API's
 * `status` (scheduled, open, closed, cancelled) is what the server goes by.
 */
export type SessionPhase =
  | { kind: "cancelled" }
  | { kind: "closed"; marked?: number; total?: number }
  | { kind: "upcoming" }
  | { kind: "running"; marked?: number; total?: number }
  | { kind: "taken"; marked: number; total: number }
  | { kind: "missed" }
  | { kind: "ended" };

export interface PhaseInput {
  status: "scheduled" | "open" | "closed" | "cancelled";
  starts_at: string;
  ends_at: string;
}

/** `register`: how many are marked of how many (the roster's counts); undefined where not known. */
export function sessionPhase(session: PhaseInput, now: Date, register?: { marked: number; total: number }): SessionPhase {
  if (session.status === "cancelled") return { kind: "cancelled" };
  if (session.status === "closed") return { kind: "closed", ...register };
  const time = now.getTime();
  if (time < new Date(session.starts_at).getTime()) return { kind: "upcoming" };
  if (time < new Date(session.ends_at).getTime()) return { kind: "running", ...register };
  // Over and not closed: what the register says, when it is known.
  if (!register) return { kind: "ended" };
  if (register.marked === 0 && register.total > 0) return { kind: "missed" };
  return { kind: "taken", ...register };
}

/** The catalogue key of each phase (sessionPhase.*); counts go in as `marked` and `total`. */
export const PHASE_KEYS = {
  cancelled: "sessionPhase.cancelled",
  closed: "sessionPhase.closed",
  upcoming: "sessionPhase.upcoming",
  running: "sessionPhase.running",
  taken: "sessionPhase.taken",
  missed: "sessionPhase.missed",
  ended: "sessionPhase.ended",
} as const satisfies Record<SessionPhase["kind"], string>;

/** The phase in words ("Register taken 30/30"), with `t` from the page. */
export function phaseText(phase: SessionPhase, t: TFunction): string {
  if (phase.kind === "closed" && phase.total !== undefined) return t("sessionPhase.closedCounts", { marked: phase.marked, total: phase.total });
  if (phase.kind === "running" && phase.total !== undefined) return t("sessionPhase.runningCounts", { marked: phase.marked, total: phase.total });
  if (phase.kind === "taken") return t(PHASE_KEYS.taken, { marked: phase.marked, total: phase.total });
  return t(PHASE_KEYS[phase.kind]);
}
