import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";
import type { Schema } from "@/lib/api/types";

/** A membership: the participant, from when, and until when (`ends_at`, once it ended). */
export type Member = Schema<"MemberOut">;

type Page = Schema<"Page_MemberOut_">;

export function listMembers(groupId: string, past: boolean, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "200" });
  if (past) params.set("past", "true");
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/groups/${encodeURIComponent(groupId)}/members?${params}`, { signal });
}

/** GET /api/groups/{id}/members — current members, or with `past` everyone who ever was. */
export function useMembers(groupId: string, past: boolean) {
  return useInfiniteQuery({
    queryKey: groupKeys.members(groupId, past),
    queryFn: ({ pageParam, signal }) => listMembers(groupId, past, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}
