import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type AddedToGroup = Schema<"MembersAdded">;

/** POST /api/groups/{id}/members — the chosen participants join the group from now, in one request. */
export function addToGroup({ groupId, participantIds }: { groupId: string; participantIds: string[] }): Promise<AddedToGroup> {
  return apiClient.request<AddedToGroup>(`/api/groups/${encodeURIComponent(groupId)}/members`, {
    method: "POST",
    body: { participant_ids: participantIds },
  });
}

export function useAddToGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addToGroup,
    // The group's screen lists its members under this key.
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: ["groups", "members", groupId] }),
  });
}
