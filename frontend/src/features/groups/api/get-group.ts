import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys, type Group } from "./list-groups";

export function getGroup(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<Group> {
  return apiClient.request<Group>(`/api/groups/${encodeURIComponent(id)}`, { signal });
}

/** GET /api/groups/{id}. */
export function useGroup(id: string) {
  return useQuery({ queryKey: groupKeys.detail(id), queryFn: ({ signal }) => getGroup(id, { signal }) });
}
