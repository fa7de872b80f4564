import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { participantKeys, type Participant } from "./list-participants";

export function getParticipant(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<Participant> {
  return apiClient.request<Participant>(`/api/participants/${encodeURIComponent(id)}`, { signal });
}

/** GET /api/participants/{id} — one participant (`erased_at` once their data was erased). */
export function useParticipant(id: string) {
  return useQuery({ queryKey: participantKeys.detail(id), queryFn: ({ signal }) => getParticipant(id, { signal }) });
}
