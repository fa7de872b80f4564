import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";

/** POST /api/auth/logout: ends the login session on the server and clears the refresh cookie. */
export function logout(): Promise<void> {
  return apiClient.request<void>("/api/auth/logout", { method: "POST", body: {}, noRefresh: true });
}

/**
 * Resolves once the server has forgotten the session. A client error means there was no session
 * left to end, which is as good. Offline or a server error, though, leaves the refresh cookie
 * alive: forgetting only the in-memory token would let a reload sign the next person at a shared
 * device back in, so that error is passed on and the user stays signed in and is told.
 */
async function endServerSession(): Promise<void> {
  try {
    await logout();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return;
    throw error;
  }
}

export function useLogout() {
  return useMutation({ mutationFn: endServerSession });
}
