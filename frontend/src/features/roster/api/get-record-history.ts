import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** One version of a record: its state, note, times, source, who made it (by name) and when. */
export type HistoryEntry = Schema<"HistoryItem">;

export const historyKeys = {
  record: (recordId: string) => ["presence-history", recordId] as const,
};

export function getRecordHistory(recordId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Schema<"HistoryOut">> {
  return apiClient.request<Schema<"HistoryOut">>(`/api/presence/${encodeURIComponent(recordId)}/history`, { signal });
}

/** GET /api/presence/{id}/history — every version of a record, oldest first. */
export function useRecordHistory(recordId: string | null, { version }: { version?: number } = {}) {
  return useQuery({
    // The version in the key: a record that changed since is fetched afresh.
    queryKey: [...historyKeys.record(recordId ?? ""), version ?? null],
    queryFn: ({ signal }) => getRecordHistory(recordId!, { signal }),
    select: (data) => data.items,
    enabled: recordId !== null,
    staleTime: 0,
  });
}
