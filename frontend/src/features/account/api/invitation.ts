import { useMutation, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type InvitationPreview = Schema<"InvitationPreview">;

export type AccountReady = Schema<"AccountReady">;

/** POST /api/auth/invitation — who the link is for (only its holder can ask). */
export function previewInvitation(token: string, { signal }: { signal?: AbortSignal } = {}): Promise<InvitationPreview> {
  return apiClient.request<InvitationPreview>("/api/auth/invitation", { method: "POST", body: { token }, anonymous: true, signal });
}

export function useInvitationPreview(token: string | null) {
  return useQuery({
    queryKey: ["account", "invitation", token],
    queryFn: ({ signal }) => previewInvitation(token ?? "", { signal }),
    enabled: Boolean(token),
    staleTime: Infinity,
    meta: { refetchOnReturn: false },
  });
}

/** POST /api/auth/invitation/accept — choose a password with the link; it works once. */
export function acceptInvitation(input: { token: string; password: string }): Promise<AccountReady> {
  return apiClient.request<AccountReady>("/api/auth/invitation/accept", { method: "POST", body: input, anonymous: true });
}

export function useAcceptInvitation() {
  return useMutation({ mutationFn: acceptInvitation });
}
