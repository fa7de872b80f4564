import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import type { CheckAction } from "@/lib/offline/db";
import type { PresenceRecord } from "./get-roster";

/** `at`: when it happened; left out, the server's now. */
export type CheckInput = Schema<"CheckIn"> & {
  session_id: string;
  /** Made once per change and sent again on a retry, so a retry never applies it twice. */
  mutation_id: string;
};

const PATHS = { check_in: "check-in", check_out: "check-out" } as const satisfies Record<CheckAction, string>;

/**
 * POST /api/sessions/{id}/check-in or /check-out — 201 with a new record, else 200 with the record:
 * the check-in and check-out times, the duration, and the state the server chose (present, or
 * late after the group's grace). 422 naming `participant_id` (`not_a_member`, `not_checked_in`) or
 * `at`; 409 when the session is closed or cancelled.
 */
export function recordCheck(action: CheckAction, { session_id, ...body }: CheckInput, device?: string): Promise<PresenceRecord> {
  return apiClient.request<PresenceRecord>(`/api/sessions/${encodeURIComponent(session_id)}/${PATHS[action]}`, {
    method: "POST",
    body,
    headers: device ? { "X-Omni-Device": device } : undefined,
  });
}
