import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type OrganizationSettings = Schema<"OrganizationOut">;

// The same entry the header's organization name reads: a rename shows there at once.
const KEY = ["organizations", "current"] as const;

export function getSettings({ signal }: { signal?: AbortSignal } = {}): Promise<OrganizationSettings> {
  return apiClient.request<OrganizationSettings>("/api/organizations/current", { signal });
}

/** GET /api/organizations/current */
export function useOrganizationSettings() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => getSettings({ signal }), staleTime: 0 });
}

export type SettingsPatch = Schema<"OrganizationPatch">;

/** PATCH /api/organizations/current — answers the updated organization. */
export function patchSettings(patch: SettingsPatch): Promise<OrganizationSettings> {
  return apiClient.request<OrganizationSettings>("/api/organizations/current", { method: "PATCH", body: patch });
}

export function usePatchSettings() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchSettings, onSuccess: (updated) => queryClient.setQueryData(KEY, updated) });
}
