import { apiClient } from "@/lib/api-client";

/** A presence record as the change feed and the roster carry it. */
export interface SyncedRecord {
  id: string;
  session_id: string;
  participant_id: string;
  state: string;
  note: string | null;
  /** When the person arrived and left, where the session's mode takes them (check-in, kiosk). */
  check_in_at?: string | null;
  check_out_at?: string | null;
  /** Whole minutes from check-in to check-out; null until both exist. */
  duration_minutes?: number | null;
  /** Increases with every change; a new record has 1. */
  version: number;
  source: string;
  recorded_by: string | null;
  recorded_at: string;
  device_id?: string | null;
  client_time?: string | null;
}

export type Outcome = "applied" | "duplicate" | "unchanged" | "conflict" | "rejected";

export interface OutcomeCounts {
  applied: number;
  duplicate: number;
  unchanged: number;
  conflict: number;
  rejected: number;
}

export interface ItemResult {
  mutation_id: string;
  /** null: not decided yet. */
  outcome: Outcome | null;
  version?: number | null;
  conflict_id?: string | null;
  reason?: string | null;
}

export interface BatchStatus {
  batch_id: string;
  status: "queued" | "running" | "completed" | "failed";
  progress: number;
  counts: OutcomeCounts;
  error: string | null;
  clock_skew_seconds: number;
  results?: ItemResult[];
}

export interface ChangesPage {
  items: SyncedRecord[];
  cursor: string;
}

/** What the sender and the pull need from the server; tests pass a fake. */
export interface SyncApi {
  /** POST /api/sync with the body as kept and its Idempotency-Key. */
  postBatch(body: string, idempotencyKey: string): Promise<{ batch_id: string; status: string }>;
  /** GET /api/sync/batches/{id}; without results while polling. */
  getBatch(batchId: string, withResults: boolean): Promise<BatchStatus>;
  /** GET /api/sync/changes after `cursor`. */
  getChanges(cursor: string | null, limit: number): Promise<ChangesPage>;
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
};
