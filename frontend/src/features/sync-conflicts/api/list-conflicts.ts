import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type ConflictStatus = Schema<"ConflictStatus">;

/** One device's version of the mark, as it reached the server. */
export type ConflictVersion = Schema<"VersionOut">;

/** The record as the server holds it (or held it when the conflict was last shown); the schema leaves it an object. */
export interface ServerVersion {
  state: string;
  note: string | null;
  version: number;
  recorded_by: string | null;
  recorded_at: string;
  device_id: string | null;
  client_time?: string | null;
  source: string;
}

/** A conflict with every device's version; the schema leaves `server` and `resolution` objects. */
export type SyncConflict = Omit<Schema<"ConflictOut">, "server" | "resolution"> & {
  server: ServerVersion | null;
  resolution: { choice: "server" | "client" | "custom"; version_id: string | null; record: ServerVersion | null; by: string } | null;
};

type Page = { items: SyncConflict[]; next_cursor?: string | null };

/** Which conflicts a list shows: open or settled, of every session or of one. */
export interface ConflictFilters {
  status: ConflictStatus;
  sessionId?: string;
}

export const conflictKeys = {
  all: ["sync-conflicts"] as const,
  list: (filters: ConflictFilters) => ["sync-conflicts", "list", filters] as const,
  openCount: () => ["sync-conflicts", "open-count"] as const,
};

export function listConflicts({ status, sessionId }: ConflictFilters, cursor: string | null, limit: number, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ status, limit: String(limit) });
  if (sessionId) params.set("session_id", sessionId);
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/admin/sync-conflicts?${params}`, { signal });
}

/** GET /api/admin/sync-conflicts — oldest first, each with the server's and every device's version. */
export function useConflicts(filters: ConflictFilters) {
  return useInfiniteQuery({
    queryKey: conflictKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listConflicts(filters, pageParam, 50, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
  });
}

/** Counted up to this many; beyond, the badge says "99+". */
export const COUNT_UP_TO = 99;

/** How many conflicts are open, for the badge in the navigation; looked at again every minute. */
export function useOpenConflictCount({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: conflictKeys.openCount(),
    queryFn: ({ signal }) => listConflicts({ status: "open" }, null, COUNT_UP_TO + 1, { signal }),
    select: (page) => ({ count: Math.min(page.items.length, COUNT_UP_TO), more: page.items.length > COUNT_UP_TO || page.next_cursor !== null }),
    refetchInterval: 60_000,
    staleTime: 30_000,
    enabled,
  });
}
