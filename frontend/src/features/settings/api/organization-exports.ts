import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { downloadFile } from "@/lib/download-file";
import type { Schema } from "@/lib/api/types";

/** An export of all the organization's data: how far it is, and until when its ZIP is kept. */
export type OrganizationExport = Schema<"ExportOut">;
type Page = { items: OrganizationExport[]; next_cursor?: string | null };

export const exportKeys = { all: ["organization-exports"] as const };

export const isBuilding = (job: Pick<OrganizationExport, "status">) => job.status === "queued" || job.status === "running";

/** GET /api/organizations/current/exports — newest first, polled while one builds. */
export function useOrganizationExports() {
  return useInfiniteQuery({
    queryKey: exportKeys.all,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: "10" });
      if (pageParam) params.set("cursor", pageParam);
      return apiClient.request<Page>(`/api/organizations/current/exports?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
    // Background requests (query-client marks an interval's): watching does not keep a login alive.
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.items.some(isBuilding)) ? 1500 : false),
  });
}

/** POST /api/organizations/current/export — 202 at once; reporting's worker builds the ZIP. */
export function useRequestExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiClient.request<Schema<"ExportQueued">>("/api/organizations/current/export", { method: "POST", body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportKeys.all }),
  });
}

/** GET /api/organizations/current/exports/{id}/download — the ZIP (409 until ready, 410 once expired). */
export function downloadExport(id: string): Promise<void> {
  return downloadFile(`/api/organizations/current/exports/${encodeURIComponent(id)}/download`, "organization-export.zip");
}
