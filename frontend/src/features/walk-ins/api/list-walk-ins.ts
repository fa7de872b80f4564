import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type WalkInPerson = Schema<"ParticipantOut">;
type Page = Schema<"Page_ParticipantOut_">;

export const walkInKeys = {
  all: ["walk-ins"] as const,
  list: () => ["walk-ins", "list"] as const,
  records: (participantId: string) => ["walk-ins", "records", participantId] as const,
  candidates: (q: string) => ["walk-ins", "candidates", q] as const,
  session: (sessionId: string) => ["walk-ins", "session", sessionId] as const,
};

export function listWalkIns(cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ walk_in: "true", limit: "50" });
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/participants?${params}`, { signal });
}

/** GET /api/participants?walk_in=true — the people added on the spot, still to be matched (administrators). */
export function useWalkIns() {
  return useInfiniteQuery({
    queryKey: walkInKeys.list(),
    queryFn: ({ pageParam, signal }) => listWalkIns(pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
  });
}
