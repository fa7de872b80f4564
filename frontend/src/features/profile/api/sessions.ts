import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** Where I am signed in; `current`: the session this browser is in. */
export type LoginSession = Schema<"LoginSessionOut">;

export function listSessions({ signal }: { signal?: AbortSignal } = {}): Promise<Schema<"LoginSessionList">> {
  return apiClient.request<Schema<"LoginSessionList">>("/api/auth/sessions", { signal });
}

/** GET /api/auth/sessions — where I am signed in. */
export function useSessions() {
  return useQuery({ queryKey: ["auth", "sessions"], queryFn: ({ signal }) => listSessions({ signal }) });
}

/** POST /api/auth/sessions/sign-out — end one of my sessions. */
export function signOutSession(sessionId: string): Promise<void> {
  return apiClient.request<void>("/api/auth/sessions/sign-out", { method: "POST", body: { session_id: sessionId } });
}

/** POST /api/auth/sessions/sign-out-others — end all my sessions but this one. */
export function signOutOthers(): Promise<Schema<"SignedOutCount">> {
  return apiClient.request<Schema<"SignedOutCount">>("/api/auth/sessions/sign-out-others", { method: "POST", body: {} });
}

export function useSignOutSession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signOutSession, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "sessions"] }) });
}

export function useSignOutOthers() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signOutOthers, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "sessions"] }) });
}
