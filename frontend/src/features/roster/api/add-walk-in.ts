import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type WalkInInput = Schema<"WalkInCreate">;
/** The new participant (`walk_in: true`) and their record in the session. */
export type WalkInCreated = Schema<"WalkInCreated">;

/**
 * POST /api/sessions/{id}/walk-ins — someone not on the list, on this session's roster only. The
 * Idempotency-Key makes a retry (or the outbox sending it later) make them once. 422 naming
 * `session_id` (`session_closed`: a frontline user on a closed session), `state` (`no_such_state`)
 * or `name`.
 */
export function addWalkIn(sessionId: string, input: WalkInInput, idempotencyKey: string, device?: string): Promise<WalkInCreated> {
  return apiClient.request<WalkInCreated>(`/api/sessions/${encodeURIComponent(sessionId)}/walk-ins`, {
    method: "POST",
    body: input,
    headers: device ? { "Idempotency-Key": idempotencyKey, "X-Omni-Device": device } : { "Idempotency-Key": idempotencyKey },
  });
}
