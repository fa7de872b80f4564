import { useQueries } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

type History = Schema<"HistoryOut">;

export function getRecordHistory(recordId: string, { signal }: { signal?: AbortSignal } = {}): Promise<History> {
  return apiClient.request<History>(`/api/presence/${encodeURIComponent(recordId)}/history`, { signal });
}

/** "<record id>:<version>" → the time the device made that version (its clock, corrected). */
export type MadeTimes = Map<string, string>;

export const madeKey = (recordId: string, version: unknown) => `${recordId}:${String(version)}`;

/**
 * GET /api/presence/{id}/history for the records whose shown entries came from a device offline:
 * their audit entries keep the time the server received them, the history keeps when each version
 * was made on the device ("made 08:57, received 09:14").
 */
export function useMadeTimes(recordIds: readonly string[]): MadeTimes {
  const results = useQueries({
    queries: recordIds.map((id) => ({
      queryKey: ["audit-logs", "record-history", id],
      queryFn: ({ signal }: { signal: AbortSignal }) => getRecordHistory(id, { signal }),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const made: MadeTimes = new Map();
  results.forEach((result, i) => {
    for (const version of result.data?.items ?? []) {
      if (version.client_time) made.set(madeKey(recordIds[i]!, version.version), version.client_time);
    }
  });
  return made;
}
