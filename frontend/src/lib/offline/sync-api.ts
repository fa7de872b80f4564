import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/**
 * A presence record as the change feed, the roster and every write carry it: the state, note,
 * check-in and check-out times, duration, version, source and who recorded it (RecordOut).
 */
export type SyncedRecord = Schema<"RecordOut">;

/** Each change's outcome in a merged batch (SPEC §4.5 step 3); the schema says only "string". */
export type Outcome = "applied" | "duplicate" | "unchanged" | "conflict" | "rejected";

export type OutcomeCounts = Schema<"Counts">;

/** One change's outcome; `outcome` null: not decided yet. */
export type ItemResult = Omit<Schema<"ItemResult">, "outcome"> & { outcome: Outcome | null };

/** GET /api/sync/batches/{id}; without `results` while polling (`?results=false`). */
export type BatchStatus = Omit<Schema<"BatchOut">, "results"> & { results?: ItemResult[] };

export type ChangesPage = Schema<"ChangesOut">;

/** What the sender and the pull need from the server; tests pass a fake. */
export interface SyncApi {
  /** POST /api/sync with the body as kept and its Idempotency-Key. */
  postBatch(body: string, idempotencyKey: string): Promise<Schema<"BatchAccepted">>;
  /** GET /api/sync/batches/{id}; without results while polling. */
  getBatch(batchId: string, withResults: boolean): Promise<BatchStatus>;
  /** GET /api/sync/changes after `cursor`. */
  getChanges(cursor: string | null, limit: number): Promise<ChangesPage>;
  /** POST /api/sessions/{id}/walk-ins with the walk-in's Idempotency-Key: made once, however often sent. */
  postWalkIn(sessionId: string, body: Schema<"WalkInCreate">, idempotencyKey: string): Promise<Schema<"WalkInCreated">>;
}

// All of it is the app working on its own (X-Omni-Background): it must not keep an idle login alive.
export const syncApi: SyncApi = {
  postBatch: (body, idempotencyKey) =>
    apiClient.request("/api/sync", {
      method: "POST",
      // Parsed and written again by the client: JSON.stringify gives back the very same bytes.
      body: JSON.parse(body) as unknown,
      headers: { "Idempotency-Key": idempotencyKey },
      background: true,
    }),
  getBatch: (batchId, withResults) =>
    apiClient.request(`/api/sync/batches/${encodeURIComponent(batchId)}${withResults ? "" : "?results=false"}`, { background: true }),
  getChanges: (cursor, limit) => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (cursor) params.set("cursor", cursor);
    return apiClient.request(`/api/sync/changes?${params}`, { background: true });
  },
  postWalkIn: (sessionId, body, idempotencyKey) =>
    apiClient.request(`/api/sessions/${encodeURIComponent(sessionId)}/walk-ins`, {
      method: "POST",
      body,
      headers: { "Idempotency-Key": idempotencyKey },
      background: true,
    }),
};
