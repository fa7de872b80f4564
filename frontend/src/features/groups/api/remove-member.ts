import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

/** DELETE /api/groups/{id}/members/{participant} — ends the membership now; past sessions keep it. */
export function removeMember({ groupId, participantId }: { groupId: string; participantId: string }): Promise<void> {
  return apiClient.request<void>(`/api/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(participantId)}`, {
    method: "DELETE",
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeMember,
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: ["groups", "members", groupId] }),
  });
}
