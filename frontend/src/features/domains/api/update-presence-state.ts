import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { StateInput } from "./create-presence-state";
import { domainKeys, type PresenceState } from "./list-domains";
import { stateKeys } from "./list-presence-states";

export type StatePatch = Partial<Omit<StateInput, "domain" | "code">>;

/** PATCH /api/presence-states/{id} — relabel, recolour, reorder, re-weigh, restrict, make default. */
export function updatePresenceState({ id, patch }: { id: string; patch: StatePatch }): Promise<PresenceState> {
  return apiClient.request<PresenceState>(`/api/presence-states/${encodeURIComponent(id)}`, { method: "PATCH", body: patch });
}

export function useUpdatePresenceState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePresenceState,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: stateKeys.all }),
        queryClient.invalidateQueries({ queryKey: domainKeys.all }),
      ]),
  });
}
