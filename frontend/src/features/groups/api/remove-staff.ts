import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";

/** DELETE /api/groups/{id}/staff/{user} — the user no longer records for the group. */
export function removeStaff({ groupId, userId }: { groupId: string; userId: string }): Promise<void> {
  return apiClient.request<void>(`/api/groups/${encodeURIComponent(groupId)}/staff/${encodeURIComponent(userId)}`, { method: "DELETE" });
}

export function useRemoveStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeStaff,
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: groupKeys.staff(groupId) }),
  });
}
