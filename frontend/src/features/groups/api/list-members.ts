import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";

export interface Member {
  participant: { id: string; name: string; external_ref: string | null; is_active: boolean };
  starts_at: string;
  /** Set once the membership ended (past members, with `past`). */
  ends_at: string | null;
}

interface Page {
  items: Member[];
  next_cursor: string | null;
}

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
