import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type MembersAdded = Schema<"MembersAdded">;

/**
 * POST /api/groups/{id}/members — members from `since` (a day in the organization's timezone, from
 * its start), or from now without one. An earlier day puts them on the rosters of the sessions held
 * since, so their registers can be filled in afterwards; a current member who joined later is
 * moved back to that day.
 */
export function addMembers({ groupId, participantIds, since }: { groupId: string; participantIds: string[]; since?: string }): Promise<MembersAdded> {
  const body: Schema<"MembersAdd"> = { participant_ids: participantIds };
  // A time without a zone is the organization's (SPEC §8).
  if (since) body.starts_at = `${since}T00:00:00`;
  return apiClient.request<MembersAdded>(`/api/groups/${encodeURIComponent(groupId)}/members`, { method: "POST", body });
}

export function useAddMembers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addMembers,
    onSuccess: (_result, { groupId }) => queryClient.invalidateQueries({ queryKey: ["groups", "members", groupId] }),
  });
}
