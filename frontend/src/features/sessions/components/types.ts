import type { Terminology } from "@/components/terminology";
import type { SessionMode, SessionStatus } from "@/features/sessions/api/list-sessions";

/** A group as the session screens need it; the app hands them over from the groups feature. */
export interface SessionGroup {
  id: string;
  name: string;
  domain: string;
}

export interface SessionScreenProps {
  timeZone: string | undefined;
  groups: readonly SessionGroup[] | undefined;
  /** The words of a group's domain (a session's group names it). */
  termsFor: (domain: string | undefined) => Terminology;
  /** The words for the organization as a whole. */
  terms: Terminology;
}

export const STATUS_KEYS = {
  scheduled: "sessionStatus.scheduled",
  open: "sessionStatus.open",
  closed: "sessionStatus.closed",
  cancelled: "sessionStatus.cancelled",
} as const satisfies Record<SessionStatus, string>;

export const MODE_KEYS = {
  roll_call: "sessions.mode.rollCall",
  check_in_out: "sessions.mode.checkInOut",
  self_check_in: "sessions.mode.selfCheckIn",
} as const satisfies Record<SessionMode, string>;

/** One plain line per mode: what it means for the people taking presence. */
export const MODE_HINT_KEYS = {
  roll_call: "sessions.modeHint.rollCall",
  check_in_out: "sessions.modeHint.checkInOut",
  self_check_in: "sessions.modeHint.selfCheckIn",
} as const satisfies Record<SessionMode, string>;
