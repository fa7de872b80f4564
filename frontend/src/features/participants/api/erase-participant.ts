import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { participantKeys } from "./list-participants";

/** `erased`: every service has erased its part; else `pending` names the services still at it. */
export type Erasure = Schema<"ErasureOut">;

/**
 * POST /api/participants/{id}/erase — 200 once every service has erased, 202 while some still are.
 * Asking again only reports progress, so the same call follows a pending erasure.
 */
export function eraseParticipant(id: string): Promise<Erasure> {
  return apiClient.request<Erasure>(`/api/participants/${encodeURIComponent(id)}/erase`, { method: "POST" });
}

export function useEraseParticipant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: eraseParticipant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: participantKeys.all }),
  });
}
