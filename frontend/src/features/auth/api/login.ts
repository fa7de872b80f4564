import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { useAuthSession, type TokenResponse } from "@/lib/auth-session";
import type { Schema } from "@/lib/api/types";

/** `totp`: a code from the authenticator app, or a recovery code, when two-factor is on. */
export type LoginInput = Schema<"Login">;

/** POST /api/auth/login. Its 401 means wrong credentials, so no refresh is attempted. */
export function login(input: LoginInput): Promise<TokenResponse> {
  return apiClient.request<TokenResponse>("/api/auth/login", { method: "POST", body: input, anonymous: true });
}

export function useLogin() {
  return useMutation({
    mutationFn: login,
    // The body's refresh_token is ignored on purpose: the HttpOnly cookie carries it.
    onSuccess: (tokens) => useAuthSession.getState().signedIn(tokens),
  });
}
