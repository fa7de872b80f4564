import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { Schema } from "@/lib/api/types";

export type SessionStatus = Schema<"Status">;
export type SessionMode = Schema<"Mode">;

/** `starts_at`, `ends_at`: UTC instants, shown in the organization's timezone. */
export type Session = Schema<"SessionOut">;

export interface SessionFilters {
  groupId?: string;
  /** Calendar days ("YYYY-MM-DD") in the organization's timezone. */
  from?: string;
  to?: string;
  status?: SessionStatus;
}

type Page = Schema<"Page_SessionOut_">;

export const sessionKeys = {
  all: ["sessions"] as const,
  list: (filters: SessionFilters) => ["sessions", "list", filters] as const,
};

export function listSessions(filters: SessionFilters, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "100" });
  if (filters.groupId) params.set("group_id", filters.groupId);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.status) params.set("status", filters.status);
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/sessions?${params}`, { signal });
}

/** GET /api/sessions — by start time, page after page (a frontline user sees their groups'). */
export function useSessions(filters: SessionFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: sessionKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listSessions(filters, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled,
  });
}

/** One day's sessions (today's, for the frontline "Today" screen): a day rarely has more than a page. */
export function useDaySessions(day: string | undefined) {
  return useQuery({
    queryKey: sessionKeys.list({ from: day, to: day }),
    // Kept for offline use: today's sessions lead to their rosters (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst(`sessions:${day}`, () => listSessions({ from: day, to: day }, null, { signal })),
    networkMode: "offlineFirst",
    select: (page) => page.items,
    enabled: Boolean(day),
    staleTime: 60_000,
  });
}
