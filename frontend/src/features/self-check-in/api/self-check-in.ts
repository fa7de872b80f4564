import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** The participant's own record, with the session it is for and whether the check-in was late. */
export type SelfCheckInAnswer = Schema<"SelfCheckedIn">;

/**
 * POST /api/presence/self-check-in `{code}` (the `external` role) — 201 with the participant's own
 * record, or 200 with it unchanged when they were already checked in or marked by staff. 422
 * naming `code` (`wrong_code`, `not_a_member`); 403 with no participant linked to the login; 429
 * with Retry-After after too many wrong codes.
 */
export function selfCheckIn(code: string): Promise<SelfCheckInAnswer> {
  return apiClient.request<SelfCheckInAnswer>("/api/presence/self-check-in", { method: "POST", body: { code } });
}

export function useSelfCheckIn() {
  return useMutation({ mutationFn: selfCheckIn });
}

/** A code as typed or scanned: capitals or not, spaces and dashes ignored ("ab3 k7q" is "AB3K7Q"). */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s-]+/g, "").toUpperCase();
}
