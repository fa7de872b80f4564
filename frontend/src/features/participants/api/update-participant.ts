import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { participantKeys, type AttributeValue, type Participant } from "./list-participants";
import type { Schema } from "@/lib/api/types";

/** `pin`: 4 to 8 digits asked for at a kiosk after the badge (stored hashed); null removes it. */
export type ParticipantPatch = Omit<Schema<"ParticipantPatch">, "attributes"> & { attributes?: Record<string, AttributeValue> };

/**
 * PATCH /api/participants/{id} (administrators); `is_active: true` brings one back. A new PIN also
 * lifts a badge's lock after wrong PINs.
 */
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
