import { useQueries, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { walkInKeys } from "./list-walk-ins";

export type WalkInRecord = Schema<"RecordOut">;
export type SessionSummary = Pick<Schema<"SessionOut">, "id" | "title" | "starts_at" | "ends_at">;

/** GET /api/presence?participant_id= — where a walk-in was marked (to tell who they may be). */
export function useWalkInRecords(participantId: string | null) {
  return useQuery({
    queryKey: walkInKeys.records(participantId ?? ""),
    queryFn: ({ signal }) =>
      apiClient.request<Schema<"Page_RecordOut_">>(`/api/presence?participant_id=${encodeURIComponent(participantId!)}&limit=100`, { signal }),
    select: (page) => page.items,
    enabled: participantId !== null,
  });
}

/** GET /api/sessions/{id} for each session named: their titles and times, for words instead of ids. */
export function useSessionSummaries(sessionIds: readonly string[]) {
  return useQueries({
    queries: sessionIds.map((id) => ({
      queryKey: walkInKeys.session(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiClient.request<SessionSummary>(`/api/sessions/${encodeURIComponent(id)}`, { signal }),
      staleTime: 10 * 60_000,
    })),
    combine: (results) => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data] as const] : []))),
  });
}
