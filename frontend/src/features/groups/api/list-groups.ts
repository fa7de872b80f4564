import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";

export interface GroupSettings {
  /** A check-in this many minutes after the start is late. */
  late_after_minutes: number;
  /** Closing a session marks everyone still unmarked with this state; null: nobody. */
  close_marks_unmarked_as: string | null;
}

export interface Group {
  id: string;
  name: string;
  domain: string;
  description: string | null;
  settings: GroupSettings;
  archived_at: string | null;
  created_at: string;
}

interface Page {
  items: Group[];
  next_cursor: string | null;
}

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
