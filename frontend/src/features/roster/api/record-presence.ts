import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import type { PresenceRecord } from "./get-roster";

export type RecordInput = Schema<"RecordIn"> & {
  /** The version the screen showed (0: it showed none); a record that moved on answers 409. */
  expected_version: number;
  /** Made once per change and sent again on a retry, so a retry never applies it twice. */
  mutation_id: string;
};

/**
 * POST /api/presence — one participant's mark: 201 new, 200 changed, 409 with `current` when a
 * colleague got there first. The roster's optimistic queue (hooks/use-roll-call) calls it, with
 * this device's id.
 */
export function recordPresence(input: RecordInput, device?: string): Promise<PresenceRecord> {
  return apiClient.request<PresenceRecord>("/api/presence", { method: "POST", body: input, headers: device ? { "X-Omni-Device": device } : undefined });
}
