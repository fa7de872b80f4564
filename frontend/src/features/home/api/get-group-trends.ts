import { useQueries } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** A day of a group's attendance: its rate (0–100, null when nothing weighted was marked) and counts. */
export type Period = Schema<"Period">;

export const trendKeys = {
  group: (groupId: string, from: string, to: string) => ["stats", "attendance", "group", groupId, from, to] as const,
};

export function getGroupAttendance(groupId: string, from: string, to: string, { signal }: { signal?: AbortSignal } = {}): Promise<Schema<"AttendanceOut">> {
  const params = new URLSearchParams({ group_id: groupId, from, to, interval: "day" });
  return apiClient.request<Schema<"AttendanceOut">>(`/api/stats/attendance?${params}`, { signal });
}

/** GET /api/stats/attendance?group_id=&interval=day for each group: its rate day by day (days with no session left out). */
export function useGroupTrends(groupIds: readonly string[], from: string | undefined, to: string | undefined) {
  return useQueries({
    queries: groupIds.map((groupId) => ({
      queryKey: trendKeys.group(groupId, from ?? "", to ?? ""),
      queryFn: ({ signal }: { signal: AbortSignal }) => getGroupAttendance(groupId, from!, to!, { signal }),
      enabled: Boolean(from && to),
      staleTime: 5 * 60_000,
      select: (answer: Schema<"AttendanceOut">) => answer.items,
    })),
  });
}
