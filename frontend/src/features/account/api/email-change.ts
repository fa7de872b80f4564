import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { AccountReady } from "./invitation";

/** POST /api/auth/email-change/confirm — the mailed link makes its address the account's email (once). */
export function confirmEmailChange(input: { token: string }): Promise<AccountReady> {
  return apiClient.request<AccountReady>("/api/auth/email-change/confirm", { method: "POST", body: input, anonymous: true });
}

export function useConfirmEmailChange() {
  return useMutation({ mutationFn: confirmEmailChange });
}
