import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { TokenResponse } from "@/lib/auth-session";
import type { Schema } from "@/lib/api/types";

/** What a sign-in refused with `two-factor-enrolment-required` carries to set two-factor up. */
export interface Enrolment {
  enrolment_token: string;
  secret: string;
  otpauth_uri: string;
  /** An SVG image as a data: URI. */
  qr_code: string;
}

export type EnrolledTokens = TokenResponse & Pick<Schema<"SignedInWithRecoveryCodes">, "recovery_codes">;

/** POST /api/auth/two-factor/enrol — finish a sign-in that had to set up two-factor first. */
export function enrolTwoFactor(input: { enrolment_token: string; code: string }): Promise<EnrolledTokens> {
  return apiClient.request<EnrolledTokens>("/api/auth/two-factor/enrol", { method: "POST", body: input, anonymous: true });
}

/** The session starts only once the user has seen the recovery codes (see the sign-in page). */
export function useEnrolTwoFactor() {
  return useMutation({ mutationFn: enrolTwoFactor });
}

/** The enrolment in a refused sign-in's problem body, if it carries one. */
export function enrolmentOf(body: unknown): Enrolment | null {
  const e = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof e.enrolment_token !== "string" || typeof e.secret !== "string" || typeof e.qr_code !== "string") return null;
  return { enrolment_token: e.enrolment_token, secret: e.secret, otpauth_uri: String(e.otpauth_uri ?? ""), qr_code: e.qr_code };
}
