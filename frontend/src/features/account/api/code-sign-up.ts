import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { AccountReady } from "./invitation";
import type { Schema } from "@/lib/api/types";

export type CodeSignUpInput = Schema<"CodeSignUp">;

/** POST /api/auth/code-sign-up — a participant's own account from a one-time invitation code. */
export function signUpWithCode(input: CodeSignUpInput): Promise<AccountReady> {
  return apiClient.request<AccountReady>("/api/auth/code-sign-up", { method: "POST", body: input, anonymous: true });
}

export function useCodeSignUp() {
  return useMutation({ mutationFn: signUpWithCode });
}
