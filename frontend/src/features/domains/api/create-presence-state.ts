import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { domainKeys, type PresenceState, type RecordingRole, type StateCategory } from "./list-domains";
import { stateKeys } from "./list-presence-states";
import type { Schema } from "@/lib/api/types";

export type StateInput = Omit<Schema<"StateCreate">, "category" | "roles" | "weight"> & { category: StateCategory; roles: RecordingRole[] | null; weight: number | null };

/** POST /api/presence-states — a new state for a domain (administrators). */
export function createPresenceState(input: StateInput): Promise<PresenceState> {
  return apiClient.request<PresenceState>("/api/presence-states", { method: "POST", body: input });
}

export function useCreatePresenceState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPresenceState,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: stateKeys.all }),
        queryClient.invalidateQueries({ queryKey: domainKeys.all }),
      ]),
  });
}
