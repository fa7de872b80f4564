import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type ReportType = Schema<"ReportType">;
export type ReportFormat = Schema<"ReportFormat">;
export type ReportStatus = Schema<"JobStatus">;

export const REPORT_TYPES: readonly ReportType[] = [
  "attendance_register",
  "participant_summary",
  "absence_exceptions",
  "session_roll",
  "sign_in_sheet",
];
/** Types about one session; the others cover a group over a period. */
export const SESSION_TYPES: readonly ReportType[] = ["session_roll", "sign_in_sheet"];

/** `from`, `to`: calendar days in the organization's timezone. */
export type ReportParams = Schema<"ReportParams">;

/** A report and how far it is; the schema leaves `params` an object. */
export type Report = Omit<Schema<"ReportOut">, "params"> & { params: ReportParams };

type Page = { items: Report[]; next_cursor?: string | null };

export const reportKeys = {
  all: ["reports"] as const,
  list: (mine: boolean) => ["reports", "list", mine] as const,
  detail: (id: string) => ["reports", "detail", id] as const,
};

export const isPending = (report: Pick<Report, "status"> | undefined) => report?.status === "queued" || report?.status === "running";

/** GET /api/reports — newest first; `mine` only the ones I asked for. Polled while one builds. */
export function useReports(mine: boolean) {
  return useInfiniteQuery({
    queryKey: reportKeys.list(mine),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: "20" });
      if (mine) params.set("mine", "true");
      if (pageParam) params.set("cursor", pageParam);
      return apiClient.request<Page>(`/api/reports?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
    // The interval's requests are background ones (query-client marks them): watching a report
    // build does not keep an idle login session alive.
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some(isPending)) ? 1500 : false),
  });
}

/** GET /api/reports/{id} — polled until it completes or fails. */
export function useReport(id: string | null) {
  return useQuery({
    queryKey: reportKeys.detail(id ?? ""),
    queryFn: ({ signal }) => apiClient.request<Report>(`/api/reports/${id}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data === undefined || isPending(query.state.data) ? 1000 : false),
  });
}

export type ReportRequest = Schema<"ReportRequest">;

/** POST /api/reports — answers 202 at once; a worker builds it. */
export function useRequestReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportRequest) => apiClient.request<Report>("/api/reports", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.all }),
  });
}
