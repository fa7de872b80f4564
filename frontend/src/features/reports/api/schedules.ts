import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema, WithDefaults } from "@/lib/api/types";

export type Weekday = Schema<"Weekday">;

/** `time_of_day`: "HH:MM" in the organization's timezone. */
export type ScheduleInput = WithDefaults<Schema<"ScheduleIn">, "frequency" | "is_active" | "lookback_days" | "time_of_day">;

/** A schedule; the schema leaves `params` an object. */
export type Schedule = Omit<Schema<"ScheduleOut">, "params"> & { params: Schema<"ScheduleParams"> };

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
