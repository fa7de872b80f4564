import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** One week: its first day (a Monday, "YYYY-MM-DD"), the rate (null: nothing weighted marked) and the counts per category. */
export type Period = Schema<"Period">;

export const mySpaceKeys = {
  attendance: (from: string, to: string) => ["my-space", "attendance", from, to] as const,
  sessions: (from: string, to: string) => ["my-space", "sessions", from, to] as const,
  records: (from: string, to: string) => ["my-space", "records", from, to] as const,
  history: (recordId: string, version: number) => ["my-space", "history", recordId, version] as const,
};

/**
 * GET /api/stats/attendance?interval=week — the participant's own rate and counts per week (an
 * external user is answered about themselves); weeks with no session are left out.
 */
export function useMyAttendance(from: string, to: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: mySpaceKeys.attendance(from, to),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ interval: "week", from, to });
      return apiClient.request<Schema<"AttendanceOut">>(`/api/stats/attendance?${params}`, { signal });
    },
    select: (answer) => answer.items,
  });
}
