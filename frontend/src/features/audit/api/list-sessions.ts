import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { AuditSession } from "./get-session";

export interface SessionChoiceScope {
  groupId?: string;
  /** First and last day ("YYYY-MM-DD", the organization's timezone). */
  from: string;
  to: string;
}

type Page = { items: AuditSession[]; next_cursor: string | null };

export function listSessions(scope: SessionChoiceScope, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "1000", from: scope.from, to: scope.to });
  if (scope.groupId) params.set("group_id", scope.groupId);
  return apiClient.request<Page>(`/api/sessions?${params}`, { signal });
}

/**
 * GET /api/sessions?from=&to=&group_id= — the sessions the log's session filter offers, by start
 * time; the picker searches their titles (the API has no title search).
 */
export function useSessionChoices(scope: SessionChoiceScope | null) {
  return useQuery({
    queryKey: ["audit-logs", "sessions", scope],
    queryFn: ({ signal }) => listSessions(scope!, { signal }),
    enabled: scope !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
