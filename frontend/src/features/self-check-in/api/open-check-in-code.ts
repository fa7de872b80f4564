import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";
import { nextRefreshDelay, serverNow } from "@/features/self-check-in/hooks/code-timing";
import type { Schema } from "@/lib/api/types";

/**
 * The current check-in code of a self check-in session, as staff show it: the code (six
 * characters, A–Z and 2–9), the QR code (SVG) of `url`, when it stops being accepted (`expires_at`:
 * the end of its step plus `grace_s`), and `server_time`, the server's clock when it answered, to
 * time the next look by.
 */
export type CheckInCode = Schema<"CheckInCode">;

export const checkInCodeKeys = {
  session: (sessionId: string) => ["check-in-code", sessionId] as const,
};

/**
 * POST /api/sessions/{id}/check-in-code — the code of this 30-second step (everyone asking in the
 * same step gets the same one). 409 when the session is not a self check-in session or not open.
 */
export function openCheckInCode(sessionId: string, { signal }: { signal?: AbortSignal } = {}): Promise<CheckInCode> {
  return apiClient.request<CheckInCode>(`/api/sessions/${encodeURIComponent(sessionId)}/check-in-code`, { method: "POST", signal });
}

/** Asking again will not help: the session is not open for self check-in, or not for this user. */
function final(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * The session's current code, asked for again as each one rotates (just after the end of its
 * step). The first request is the user's; the ones the timer makes are background requests
 * (X-Omni-Background): a screen left showing the code must not keep an idle login alive.
 */
export function useCheckInCode(sessionId: string) {
  return useQuery({
    queryKey: checkInCodeKeys.session(sessionId),
    queryFn: ({ signal }) => openCheckInCode(sessionId, { signal }),
    refetchInterval: (query) => {
      const { data, error } = query.state;
      if (error) return final(error) ? false : RETRY_AFTER_FAILURE_MS;
      // Timed by the server's clock: a device whose clock is off still asks just after each step.
      return data ? nextRefreshDelay(data, serverNow(data, query.state.dataUpdatedAt, Date.now())) : false;
    },
    staleTime: 0,
    gcTime: 0,
  });
}
