import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { groupKeys, type Group } from "./list-groups";
import type { Schema } from "@/lib/api/types";

export type GroupInput = Schema<"GroupCreate">;

/** POST /api/groups (administrators): a group belongs to one domain, for good. */
export function createGroup(input: GroupInput): Promise<Group> {
  return apiClient.request<Group>("/api/groups", { method: "POST", body: input });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createGroup, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }) });
}
