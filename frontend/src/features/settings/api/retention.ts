import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** What presence holds against `presence_retention_days`: the oldest session still held, how many the next purge removes. */
export type PresenceHeld = Schema<"PresenceRetention">;
/** What reporting holds against `report_retention_days`. */
export type ReportsHeld = Schema<"ReportRetention">;

export const retentionKeys = {
  all: ["retention"] as const,
  presence: ["retention", "presence"] as const,
  reports: ["retention", "reports"] as const,
};

/** GET /api/retention/presence */
export function usePresenceHeld() {
  return useQuery({
    queryKey: retentionKeys.presence,
    queryFn: ({ signal }) => apiClient.request<PresenceHeld>("/api/retention/presence", { signal }),
    staleTime: 0,
  });
}

/** GET /api/retention/reports */
export function useReportsHeld() {
  return useQuery({
    queryKey: retentionKeys.reports,
    queryFn: ({ signal }) => apiClient.request<ReportsHeld>("/api/retention/reports", { signal }),
    staleTime: 0,
  });
}
