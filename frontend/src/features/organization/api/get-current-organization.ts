import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { Schema } from "@/lib/api/types";

/** The signed-in user's organization: `timezone` (IANA) dates every screen. */
export type Organization = Schema<"OrganizationOut">;

export function getCurrentOrganization({ signal }: { signal?: AbortSignal } = {}): Promise<Organization> {
  return apiClient.request<Organization>("/api/organizations/current", { signal });
}

/** GET /api/organizations/current — the signed-in user's organization. */
export function useCurrentOrganization() {
  return useQuery({
    queryKey: ["organizations", "current"],
    // Kept for offline use: its timezone dates every screen (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst("organization", () => getCurrentOrganization({ signal })),
    networkMode: "offlineFirst",
    staleTime: 5 * 60_000,
  });
}
