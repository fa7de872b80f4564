import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { GroupInput } from "./create-group";
import { groupKeys, type Group } from "./list-groups";

export type GroupPatch = Partial<Omit<GroupInput, "domain">>;

/** PATCH /api/groups/{id} (administrators). */
export function updateGroup({ id, patch }: { id: string; patch: GroupPatch }): Promise<Group> {
  return apiClient.request<Group>(`/api/groups/${encodeURIComponent(id)}`, { method: "PATCH", body: patch });
}

export function useUpdateGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }) });
}
