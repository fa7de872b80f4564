import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type MembersAdded = Schema<"MembersAdded">;

/** POST /api/groups/{id}/members — members from now on; current members stay as they are. */
export function addMembers({ groupId, participantIds }: { groupId: string; participantIds: string[] }): Promise<MembersAdded> {
  return apiClient.request<MembersAdded>(`/api/groups/${encodeURIComponent(groupId)}/members`, {
    method: "POST",
    body: { participant_ids: participantIds },
  });
}

export function useAddMembers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addMembers,
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: ["groups", "members", groupId] }),
  });
}
