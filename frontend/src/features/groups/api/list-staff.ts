import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys } from "./list-groups";
import type { Schema } from "@/lib/api/types";

/** A frontline user who records for the group, with the first and last day ("YYYY-MM-DD"), each optional: a cover teacher's weeks. */
export type StaffAssignment = Schema<"StaffOut">;

export function listStaff(groupId: string, { signal }: { signal?: AbortSignal } = {}): Promise<{ items: StaffAssignment[] }> {
  return apiClient.request<{ items: StaffAssignment[] }>(`/api/groups/${encodeURIComponent(groupId)}/staff`, { signal });
}

/** GET /api/groups/{id}/staff — the frontline users who record for the group (managers, admins). */
export function useStaff(groupId: string) {
  return useQuery({ queryKey: groupKeys.staff(groupId), queryFn: ({ signal }) => listStaff(groupId, { signal }), select: (data) => data.items });
}
