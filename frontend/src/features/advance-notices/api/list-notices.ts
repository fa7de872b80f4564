import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** An absence known beforehand: `from`, `to` days in the organization's timezone, its state and status. */
export type Notice = Schema<"NoticeOut">;
export type NoticeStatus = Schema<"NoticeStatus">;
type Page = Schema<"NoticePage">;

export interface NoticeFilters {
  status?: NoticeStatus;
  participantId?: string;
}

export const noticeKeys = {
  all: ["advance-notices"] as const,
  list: (filters: NoticeFilters) => ["advance-notices", "list", filters] as const,
  pending: () => ["advance-notices", "pending"] as const,
  participants: (q: string) => ["advance-notices", "participants", q] as const,
};

export function listNotices({ status, participantId }: NoticeFilters, cursor: string | null, limit: number, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (status) params.set("status", status);
  if (participantId) params.set("participant_id", participantId);
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/advance-notices?${params}`, { signal });
}

/**
 * GET /api/advance-notices — newest first, with how many requests wait for a decision: all for
 * administrators and managers, their groups' members' for frontline users, a participant's own.
 */
export function useNotices(filters: NoticeFilters) {
  return useInfiniteQuery({
    queryKey: noticeKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listNotices(filters, pageParam, 50, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
  });
}

const PENDING_EVERY_MS = 60_000;

/** How many requests wait for an administrator, for the badge in the navigation; looked at again every minute. */
export function usePendingNotices({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: noticeKeys.pending(),
    queryFn: ({ signal }) => listNotices({ status: "requested" }, null, 1, { signal }),
    select: (page) => page.pending,
    refetchInterval: PENDING_EVERY_MS,
    staleTime: 30_000,
    enabled,
  });
}
