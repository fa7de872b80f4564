import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { sessionKeys, type Session } from "./list-sessions";

export function getSession(sessionId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Session> {
  return apiClient.request<Session>(`/api/sessions/${encodeURIComponent(sessionId)}`, { signal });
}

/** GET /api/sessions/{id} — one session (its title, times, mode and status). */
export function useSession(sessionId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...sessionKeys.all, "detail", sessionId] as const,
    queryFn: ({ signal }) => getSession(sessionId, { signal }),
    enabled,
  });
}
