import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";
import type { StaffAssignment } from "./list-staff";
import type { Schema } from "@/lib/api/types";

/** `from`, `to`: first and last day ("YYYY-MM-DD"), each optional. */
export type StaffInput = Schema<"StaffAdd">;

/** POST /api/groups/{id}/staff — assign frontline users, optionally between two dates. */
export function addStaff({ groupId, input }: { groupId: string; input: StaffInput }): Promise<{ items: StaffAssignment[] }> {
  return apiClient.request<{ items: StaffAssignment[] }>(`/api/groups/${encodeURIComponent(groupId)}/staff`, { method: "POST", body: input });
}

export function useAddStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addStaff,
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: groupKeys.staff(groupId) }),
  });
}
