import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { participantKeys } from "./list-participants";

/** DELETE /api/participants/{id} — deactivate: off every roster from now on; their records stay. */
export function deactivateParticipant(id: string): Promise<void> {
  return apiClient.request<void>(`/api/participants/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function useDeactivateParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deactivateParticipant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantKeys.all }),
  });
}
