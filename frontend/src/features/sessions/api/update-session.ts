import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { sessionKeys, type Session } from "./list-sessions";
import type { Schema, WithDefaults } from "@/lib/api/types";

/** `scope: "following"`: this session and every later one of its series not yet held. */
export type SessionPatch = WithDefaults<Schema<"SessionPatch">, "scope">;

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
