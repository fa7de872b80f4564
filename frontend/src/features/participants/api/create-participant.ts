import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { participantKeys, type AttributeValue, type Participant } from "./list-participants";
import type { Schema } from "@/lib/api/types";

export type ParticipantInput = Omit<Schema<"ParticipantCreate">, "attributes"> & { attributes?: Record<string, AttributeValue> };

/** POST /api/participants (administrators). */
export function createParticipant(input: ParticipantInput): Promise<Participant> {
  return apiClient.request<Participant>("/api/participants", { method: "POST", body: input });
}

export function useCreateParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createParticipant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantKeys.all }),
  });
}
