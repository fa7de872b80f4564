import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { walkInKeys } from "./list-walk-ins";

/**
 * PATCH /api/participants/{id} `{walk_in: false}` (administrators) — someone new: the walk-in stays
 * a participant of their own, with their marks, and leaves the walk-ins to match. It cannot be
 * undone (nobody becomes a walk-in again), so they can no longer be merged.
 */
export function keepWalkIn(walkInId: string): Promise<Schema<"ParticipantOut">> {
  const patch: Schema<"ParticipantPatch"> = { walk_in: false };
  return apiClient.request(`/api/participants/${encodeURIComponent(walkInId)}`, { method: "PATCH", body: patch });
}

/** `onKept` is told before the list is asked again, for the same reason as a merge's `onMerged`. */
export function useKeepWalkIn({ onKept }: { onKept?: (participant: Schema<"ParticipantOut">) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: keepWalkIn,
    onSuccess: (participant) => {
      onKept?.(participant);
      return Promise.all([queryClient.invalidateQueries({ queryKey: walkInKeys.all }), queryClient.invalidateQueries({ queryKey: ["participants"] })]);
    },
  });
}
