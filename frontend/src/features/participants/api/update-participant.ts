import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "../../../lib/api-client";
import type { ParticipantInput } from "./create-participant";
import { participantKeys, type Participant } from "./list-participants";

export type ParticipantPatch = Partial<ParticipantInput> & { is_active?: boolean };

/** PATCH /api/participants/{id} (administrators); `is_active: true` brings one back. */
export function updateParticipant({ id, patch }: { id: string; patch: ParticipantPatch }): Promise<Participant> {
  return apiClient.request<Participant>(`/api/participants/${encodeURIComponent(id)}`, { method: "PATCH", body: patch });
}

export function useUpdateParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateParticipant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantKeys.all }),
  });
}
