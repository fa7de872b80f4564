import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { conflictKeys, type SyncConflict } from "./list-conflicts";

export type Resolution =
  | { choice: "server" }
  | { choice: "client"; version_id: string }
  | { choice: "custom"; state: string; note: string | null };

/**
 * POST /api/admin/sync-conflicts/{id}/resolve — applied at once; 409 (with `current`, the record
 * now) when it was settled already or the record moved on since it was shown.
 */
export function resolveConflict(id: string, resolution: Resolution): Promise<SyncConflict> {
  return apiClient.request<SyncConflict>(`/api/admin/sync-conflicts/${encodeURIComponent(id)}/resolve`, { method: "POST", body: resolution });
}

export function useResolveConflict() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, resolution }: { id: string; resolution: Resolution }) => resolveConflict(id, resolution),
    // Settled or not (a 409 changed what the server holds), the queue is looked at again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: conflictKeys.all }),
  });
}
