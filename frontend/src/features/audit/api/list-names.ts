import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

/** Something the audit log names and filters by: a participant or a group (with its domain). */
export interface Named {
  id: string;
  name: string;
  domain?: string;
}

type Page = { items: Named[] };

function listNamed(path: string, signal?: AbortSignal): Promise<Page> {
  return apiClient.request<Page>(`${path}?limit=1000`, { signal });
}

/** GET /api/participants — names for the log's "person" filter and its entries. */
export function useAuditParticipants() {
  return useQuery({
    queryKey: ["audit-logs", "participants"],
    queryFn: ({ signal }) => listNamed("/api/participants", signal),
    select: (data) => data.items.map(({ id, name }) => ({ id, name })),
    staleTime: 5 * 60_000,
  });
}

/** GET /api/groups — names for the log's "group" filter and its entries. */
export function useAuditGroups() {
  return useQuery({
    queryKey: ["audit-logs", "groups"],
    queryFn: ({ signal }) => listNamed("/api/groups", signal),
    select: (data) => data.items.map(({ id, name, domain }) => ({ id, name, domain })),
    staleTime: 5 * 60_000,
  });
}
