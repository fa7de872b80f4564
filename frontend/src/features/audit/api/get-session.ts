import { useQueries } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** What the audit log needs of a session to name it: its title, its start and its group. */
export type AuditSession = Pick<Schema<"SessionOut">, "id" | "title" | "starts_at" | "group_id">;

export function getSession(id: string, { signal }: { signal?: AbortSignal } = {}): Promise<AuditSession> {
  return apiClient.request<AuditSession>(`/api/sessions/${encodeURIComponent(id)}`, { signal });
}

/**
 * GET /api/sessions/{id} for each session the shown entries name (a page names a few): the log
 * says "Maths — Mon 23 Nov, 09:00", not an id. A session that is gone (or not visible) stays
 * unnamed rather than failing the page.
 */
export function useAuditSessions(ids: readonly string[]): Map<string, AuditSession> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ["audit-logs", "session", id],
      queryFn: ({ signal }: { signal: AbortSignal }) => getSession(id, { signal }),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const named = new Map<string, AuditSession>();
  for (const result of results) if (result.data) named.set(result.data.id, result.data);
  return named;
}
