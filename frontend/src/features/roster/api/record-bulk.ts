import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** `only_unmarked` leaves anyone already marked alone (a colleague's marks are never overwritten). */
export type BulkInput = Schema<"BulkIn">;

/**
 * POST /api/presence/bulk — a whole roll call at once, all or nothing. The Idempotency-Key makes
 * a retry after a lost answer harmless.
 */
export function recordBulk(input: BulkInput, idempotencyKey: string, device?: string): Promise<Schema<"BulkOut">> {
  return apiClient.request<Schema<"BulkOut">>("/api/presence/bulk", {
    method: "POST",
    body: input,
    headers: device ? { "Idempotency-Key": idempotencyKey, "X-Omni-Device": device } : { "Idempotency-Key": idempotencyKey },
  });
}
