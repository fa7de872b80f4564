import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { AccountReady } from "./invitation";
import type { Schema } from "@/lib/api/types";

/** POST /api/auth/password-reset — the answer is the same whether or not the email has an account. */
export function requestPasswordReset(input: { email: string }): Promise<Schema<"PasswordResetRequested">> {
  return apiClient.request<Schema<"PasswordResetRequested">>("/api/auth/password-reset", { method: "POST", body: input, anonymous: true });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

/** POST /api/auth/password-reset/confirm — a new password with the mailed link (it works once). */
export function confirmPasswordReset(input: { token: string; password: string }): Promise<AccountReady> {
  return apiClient.request<AccountReady>("/api/auth/password-reset/confirm", { method: "POST", body: input, anonymous: true });
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
