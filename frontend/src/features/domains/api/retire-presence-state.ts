import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { domainKeys } from "./list-domains";
import { stateKeys } from "./list-presence-states";

/** DELETE /api/presence-states/{id} — retire: no new records get it; records that have it keep it. */
export function retirePresenceState(id: string): Promise<void> {
  return apiClient.request<void>(`/api/presence-states/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function useRetirePresenceState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: retirePresenceState,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: stateKeys.all }),
        queryClient.invalidateQueries({ queryKey: domainKeys.all }),
      ]),
  });
}
