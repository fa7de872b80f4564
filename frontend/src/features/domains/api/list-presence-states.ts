import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { PresenceState } from "./list-domains";

export const stateKeys = {
  all: ["presence-states"] as const,
  list: (includeRetired: boolean) => ["presence-states", { includeRetired }] as const,
};

export function getPresenceStates(
  { includeRetired }: { includeRetired: boolean },
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ items: PresenceState[] }> {
  const query = includeRetired ? "?include_retired=true" : "";
  return apiClient.request<{ items: PresenceState[] }>(`/api/presence-states${query}`, { signal });
}

/** GET /api/presence-states — every domain's states in order; with retired ones for labels of old records. */
export function usePresenceStates({ includeRetired = true, enabled = true }: { includeRetired?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: stateKeys.list(includeRetired),
    // Kept for offline use: the roster's labels (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst(`presence-states:${includeRetired}`, () => getPresenceStates({ includeRetired }, { signal })),
    networkMode: "offlineFirst",
    select: (data) => data.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}
