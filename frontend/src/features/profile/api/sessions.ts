import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export interface LoginSession {
  id: string;
  user_agent: string | null;
  client_address: string | null;
  created_at: string;
  last_activity_at: string;
  /** The session this browser is in. */
  current: boolean;
}

export function listSessions({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: LoginSession[] }> {
  return apiClient.request<{ items: LoginSession[] }>("/api/auth/sessions", { signal });
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
export function signOutOthers(): Promise<{ ended: number }> {
  return apiClient.request<{ ended: number }>("/api/auth/sessions/sign-out-others", { method: "POST", body: {} });
}

export function useSignOutSession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signOutSession, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "sessions"] }) });
}

export function useSignOutOthers() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signOutOthers, onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "sessions"] }) });
}
