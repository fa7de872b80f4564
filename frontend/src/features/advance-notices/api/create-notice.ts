import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { newId } from "@/lib/offline/ids";
import { noticeKeys, type Notice } from "./list-notices";

export type NoticeInput = Schema<"NoticeCreate">;

/**
 * POST /api/advance-notices — staff record one (approved at once: it pre-fills the unmarked records
 * of those days' sessions, `prefilled` says how many); a participant asks for one for themselves
 * (requested). 422 naming `participant_id`, `state` (`no_such_state`, `not_an_absence`) or `to`. An
 * Idempotency-Key makes a retry after a lost answer record it once.
 */
export function createNotice({ input, key }: { input: NoticeInput; key: string }): Promise<Notice> {
  return apiClient.request<Notice>("/api/advance-notices", { method: "POST", body: input, headers: { "Idempotency-Key": key } });
}

export function useCreateNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createNotice,
    // Marks were filled in: rosters and the participant's own pages show them.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: noticeKeys.all }), queryClient.invalidateQueries({ queryKey: ["roster"] })]),
  });
}

export const newNoticeKey = newId;
