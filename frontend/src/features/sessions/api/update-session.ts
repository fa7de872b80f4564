import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { sessionKeys, type Session, type SessionMode, type SessionStatus } from "./list-sessions";

export interface SessionPatch {
  title?: string;
  starts_at?: string;
  ends_at?: string;
  mode?: SessionMode;
  location?: string | null;
  status?: SessionStatus;
  notes?: string | null;
  /** "following": this session and every later one of its series not yet held. */
  scope?: "this" | "following";
}

/** PATCH /api/sessions/{id} — change (or cancel) one session, or it and the rest of its series. */
export function updateSession({ id, patch }: { id: string; patch: SessionPatch }): Promise<Session> {
  return apiClient.request<Session>(`/api/sessions/${encodeURIComponent(id)}`, { method: "PATCH", body: patch });
}

export function useUpdateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSession,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sessionKeys.all }),
        // The roster screen shows the session too.
        queryClient.invalidateQueries({ queryKey: ["roster"] }),
      ]),
  });
}
