import { apiClient } from "@/lib/api-client";
import type { PresenceRecord } from "./get-roster";

export interface BulkInput {
  session_id: string;
  /** Leave anyone already marked alone (a colleague's marks are never overwritten). */
  only_unmarked: boolean;
  records: { participant_id: string; state: string; note: string | null; expected_version?: number }[];
}

/**
 * POST /api/presence/bulk — a whole roll call at once, all or nothing. The Idempotency-Key makes
 * a retry after a lost answer harmless.
 */
export function recordBulk(input: BulkInput, idempotencyKey: string, device?: string): Promise<{ items: PresenceRecord[] }> {
  return apiClient.request<{ items: PresenceRecord[] }>("/api/presence/bulk", {
    method: "POST",
    body: input,
    headers: device ? { "Idempotency-Key": idempotencyKey, "X-Omni-Device": device } : { "Idempotency-Key": idempotencyKey },
  });
}
