import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export interface OrganizationSettings {
  id: string;
  name: string;
  timezone: string;
  domains: string[];
  session_inactivity_minutes: number;
  attendance_threshold_percent: number;
  require_admin_two_factor: boolean;
}

// The same entry the header's organization name reads: a rename shows there at once.
const KEY = ["organizations", "current"] as const;

export function getSettings({ signal }: { signal?: AbortSignal } = {}): Promise<OrganizationSettings> {
  return apiClient.request<OrganizationSettings>("/api/organizations/current", { signal });
}

/** GET /api/organizations/current */
export function useOrganizationSettings() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => getSettings({ signal }), staleTime: 0 });
}

export type SettingsPatch = Partial<Omit<OrganizationSettings, "id">>;

/** PATCH /api/organizations/current — answers the updated organization. */
export function patchSettings(patch: SettingsPatch): Promise<OrganizationSettings> {
  return apiClient.request<OrganizationSettings>("/api/organizations/current", { method: "PATCH", body: patch });
}

export function usePatchSettings() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchSettings, onSuccess: (updated) => queryClient.setQueryData(KEY, updated) });
}
