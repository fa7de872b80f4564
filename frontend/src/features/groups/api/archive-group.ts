import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";

/** DELETE /api/groups/{id} — archive: its sessions, records and member history stay. */
export function archiveGroup(id: string): Promise<void> {
  return apiClient.request<void>(`/api/groups/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function useArchiveGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: archiveGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }) });
}
