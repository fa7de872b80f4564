import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** A new secret and its QR code (an SVG image as a data: URI). */
export type TwoFactorSetup = Schema<"EnrolmentOut">;

/** POST /api/auth/two-factor/setup — a new secret and its QR code. */
export function setUpTwoFactor(): Promise<TwoFactorSetup> {
  return apiClient.request<TwoFactorSetup>("/api/auth/two-factor/setup", { method: "POST", body: {} });
}

/** POST /api/auth/two-factor/enable — on, with a code from the app; the recovery codes come once. */
export function enableTwoFactor(input: { code: string }): Promise<Schema<"RecoveryCodes">> {
  return apiClient.request<Schema<"RecoveryCodes">>("/api/auth/two-factor/enable", { method: "POST", body: input });
}

/** POST /api/auth/two-factor/disable — off, with the password. */
export function disableTwoFactor(input: { password: string }): Promise<void> {
  return apiClient.request<void>("/api/auth/two-factor/disable", { method: "POST", body: input });
}

export function useSetUpTwoFactor() {
  return useMutation({ mutationFn: setUpTwoFactor });
}

export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: enableTwoFactor, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "me"] }) });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: disableTwoFactor, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "me"] }) });
}
