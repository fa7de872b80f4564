import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export interface AuditEntry {
  id: string;
  service: string;
  actor_id: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: string;
  device_id?: string | null;
  /** The name its user gave the device ("Frankie's phone"). */
  device_name?: string | null;
  request_id: string | null;
  created_at: string;
}

export interface AuditFilters {
  entity?: string;
  entityId?: string;
  actor?: string;
  participantId?: string;
  sessionId?: string;
  groupId?: string;
  /** A kind of change: create, update, delete … */
  action?: string;
  /** Calendar days in the organization's timezone. */
  from?: string;
  to?: string;
}

interface Page {
  items: AuditEntry[];
  next_cursor: string | null;
}

export function listAuditLogs(filters: AuditFilters, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "50" });
  if (filters.entity) params.set("entity", filters.entity);
  if (filters.entityId) params.set("entity_id", filters.entityId);
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.participantId) params.set("participant_id", filters.participantId);
  if (filters.sessionId) params.set("session_id", filters.sessionId);
  if (filters.groupId) params.set("group_id", filters.groupId);
  if (filters.action) params.set("action", filters.action);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/audit-logs?${params}`, { signal });
}

/** GET /api/audit-logs — every service's audit log merged, newest first (managers, admins). */
export function useAuditLogs(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ["audit-logs", filters],
    queryFn: ({ pageParam, signal }) => listAuditLogs(filters, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    staleTime: 0,
  });
}
