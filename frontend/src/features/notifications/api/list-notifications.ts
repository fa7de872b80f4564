import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type Notification = Schema<"NotificationOut">;
type Page = Schema<"NotificationPage">;

export const notificationKeys = {
  all: ["notifications"] as const,
  recent: () => ["notifications", "recent"] as const,
  list: () => ["notifications", "list"] as const,
};

/** How many the bell's panel shows; the rest are on the notifications page. */
export const RECENT = 10;

export function listNotifications(
  { cursor = null, limit }: { cursor?: string | null; limit: number },
  { signal }: { signal?: AbortSignal } = {},
): Promise<Page> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/notifications?${params}`, { signal });
}

/**
 * GET /api/notifications — the newest few and the unread count, for the bell. Polled gently
 * (`pollEvery`) only while the live stream is not open.
 */
export function useRecentNotifications({ pollEvery }: { pollEvery: number | false }) {
  return useQuery({
    queryKey: notificationKeys.recent(),
    queryFn: ({ signal }) => listNotifications({ limit: RECENT }, { signal }),
    refetchInterval: pollEvery,
  });
}

/** Every notification of mine, newest first, page by page (the notifications page). */
export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam, signal }) => listNotifications({ cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
  });
}
