import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { ApiError } from "@/lib/problem";
import { walkInKeys } from "./list-walk-ins";

/**
 * POST /api/participants/{id}/merge `{into}` (administrators) — the walk-in's records, with their
 * history, move to the participant they are, and the walk-in is gone. 409 with `sessions` when
 * both have a record in a session (or when it is not a walk-in); 422 naming `into`.
 */
export function mergeWalkIn({ walkInId, into }: { walkInId: string; into: string }): Promise<Schema<"ParticipantOut">> {
  return apiClient.request(`/api/participants/${encodeURIComponent(walkInId)}/merge`, { method: "POST", body: { into } });
}

/**
 * `onMerged` is told before the lists are asked again: the refreshed list no longer has the walk-in,
 * so the panel that merged them is gone by then, and a callback given to `mutate` would never run.
 */
export function useMergeWalkIn({ onMerged }: { onMerged?: (participant: Schema<"ParticipantOut">) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mergeWalkIn,
    onSuccess: (participant) => {
      onMerged?.(participant);
      return Promise.all([queryClient.invalidateQueries({ queryKey: walkInKeys.all }), queryClient.invalidateQueries({ queryKey: ["participants"] })]);
    },
  });
}

/** The sessions a refused merge names: where both already have a record. */
export function clashingSessions(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const sessions = (error.body as { sessions?: unknown } | undefined)?.sessions;
  return Array.isArray(sessions) ? sessions.filter((s): s is string => typeof s === "string") : [];
}
