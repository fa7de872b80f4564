import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { rosterKeys, type RosterSession } from "./get-roster";

/**
 * PATCH /api/sessions/{id} with only a status: what a frontline user may do to their session,
 * open it or close it (closed: only an administrator can change its marks).
 */
export function setSessionStatus({ sessionId, status }: { sessionId: string; status: "open" | "closed" }): Promise<RosterSession> {
  return apiClient.request<RosterSession>(`/api/sessions/${encodeURIComponent(sessionId)}`, { method: "PATCH", body: { status } });
}

export function useSetSessionStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setSessionStatus,
    onSuccess: (session, { sessionId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rosterKeys.detail(sessionId) }),
        // Today and the sessions list show the status too.
        queryClient.invalidateQueries({ queryKey: ["sessions"] }),
      ]).then(() => session),
  });
}
