import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { Schema } from "@/lib/api/types";

/**
 * How the group's sessions behave: `late_after_minutes` (a check-in that many minutes after the
 * start is late), `close_marks_unmarked_as` (closing marks everyone still unmarked with this state;
 * null: nobody), `close_after_minutes` (null: staff close sessions themselves), `absent_to_contact`.
 */
export type GroupSettings = Schema<"GroupSettings">;

export type Group = Schema<"GroupOut">;

type Page = Schema<"Page_GroupOut_">;

export const groupKeys = {
  all: ["groups"] as const,
  list: () => ["groups", "list"] as const,
  detail: (id: string) => ["groups", "detail", id] as const,
  members: (id: string, past: boolean) => ["groups", "members", id, { past }] as const,
  staff: (id: string) => ["groups", "staff", id] as const,
};

/** The most groups one request brings (the API's page limit). */
export const GROUPS_LIMIT = 1000;

export function listGroups({ signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  return apiClient.request<Page>(`/api/groups?limit=${GROUPS_LIMIT}`, { signal });
}

/**
 * GET /api/groups — the groups the user may see (a frontline user: theirs), in one page: lists,
 * pickers and session screens use the same cached answer.
 */
export function useGroups({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: groupKeys.list(),
    // Kept for offline use: today's sessions are shown with their groups (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst("groups", () => listGroups({ signal })),
    networkMode: "offlineFirst",
    enabled,
    staleTime: 60_000,
  });
}
