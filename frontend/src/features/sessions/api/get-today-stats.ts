import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** Today's sessions the caller may see, each with its headcount (the roster's counts). */
export type TodayStats = Schema<"TodayOut">;
export type TodaySessionStats = Schema<"TodaySession">;

export const todayStatsKeys = {
  all: ["stats", "today"] as const,
};

export function getTodayStats({ signal }: { signal?: AbortSignal } = {}): Promise<TodayStats> {
  return apiClient.request<TodayStats>("/api/stats/today", { signal });
}

/**
 * GET /api/stats/today — read again every half minute while on screen (sessions followed live get
 * their counts as they change, see useLiveSessions); the list works without it offline.
 */
export function useTodayStats({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: todayStatsKeys.all,
    queryFn: ({ signal }) => getTodayStats({ signal }),
    enabled,
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
}
