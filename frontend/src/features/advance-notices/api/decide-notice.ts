import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { noticeKeys, type Notice } from "./list-notices";

/**
 * POST /api/advance-notices/{id}/approve or /reject (administrators) — 200 with the notice (an
 * approval's `prefilled`: how many sessions' records it filled); 409 once it was decided already.
 */
export function decideNotice({ id, approve }: { id: string; approve: boolean }): Promise<Notice> {
  return apiClient.request<Notice>(`/api/advance-notices/${encodeURIComponent(id)}/${approve ? "approve" : "reject"}`, { method: "POST", body: {} });
}

export function useDecideNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideNotice,
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: noticeKeys.all }), queryClient.invalidateQueries({ queryKey: ["roster"] })]),
  });
}
