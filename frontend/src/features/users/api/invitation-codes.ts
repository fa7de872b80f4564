import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** `code` is only in the answer that made it. */
export type InvitationCode = Schema<"InvitationCodeOut">;

const CODES = ["invitation-codes"] as const;

export function listCodes({ signal }: { signal?: AbortSignal } = {}): Promise<Schema<"Page_InvitationCodeOut_">> {
  return apiClient.request("/api/invitation-codes", { signal });
}

/** GET /api/invitation-codes — codes given out, newest first. */
export function useInvitationCodes() {
  return useQuery({ queryKey: CODES, queryFn: ({ signal }) => listCodes({ signal }) });
}

/** POST /api/invitation-codes — a one-time code for a participant without email. */
export function createCode(input: { full_name: string; participant_id?: string }): Promise<InvitationCode> {
  return apiClient.request<InvitationCode>("/api/invitation-codes", { method: "POST", body: input });
}

export function useCreateCode() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createCode, onSuccess: () => queryClient.invalidateQueries({ queryKey: CODES }) });
}
