import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export interface HistoryEntry {
  version: number;
  state: string;
  note: string | null;
  source: string;
  actor: string | null;
  actor_name: string | null;
  device_id: string | null;
  client_time: string | null;
  at: string;
}

export const historyKeys = {
  record: (recordId: string) => ["presence-history", recordId] as const,
};

export function getRecordHistory(recordId: string, { signal }: { signal?: AbortSignal } = {}): Promise<{ items: HistoryEntry[] }> {
  return apiClient.request<{ items: HistoryEntry[] }>(`/api/presence/${encodeURIComponent(recordId)}/history`, { signal });
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
