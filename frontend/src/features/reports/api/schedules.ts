import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { ReportFormat, ReportType } from "./reports";

export type Weekday = "mo" | "tu" | "we" | "th" | "fr" | "sa" | "su";

export interface ScheduleInput {
  name: string;
  type: ReportType;
  format: ReportFormat;
  params: { group_id: string };
  frequency: "daily" | "weekly";
  weekday?: Weekday | null;
  /** "HH:MM" in the organization's timezone. */
  time_of_day: string;
  lookback_days: number;
}

export interface Schedule extends ScheduleInput {
  id: string;
  is_active: boolean;
  created_by: string;
  next_run_at: string;
  last_run_at: string | null;
  created_at: string;
}

const KEY = ["report-schedules"] as const;

/** GET /api/report-schedules (managers, admins). */
export function useSchedules() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiClient.request<{ items: Schedule[] }>("/api/report-schedules?limit=200", { signal }),
    select: (page) => page.items,
  });
}

export function useCreateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleInput) => apiClient.request<Schedule>("/api/report-schedules", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; is_active?: boolean }) =>
      apiClient.request<Schedule>(`/api/report-schedules/${id}`, { method: "PATCH", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiClient.request<void>(`/api/report-schedules/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
