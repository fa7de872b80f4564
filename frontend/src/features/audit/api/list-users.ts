import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export interface AuditUser {
  id: string;
  full_name: string;
  email: string;
}

export function listUsers({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: AuditUser[] }> {
  return apiClient.request<{ items: AuditUser[] }>("/api/users?limit=1000", { signal });
}

/** GET /api/users — names for the audit log's actors and its "who" filter. */
export function useAuditUsers() {
  return useQuery({
    queryKey: ["audit-logs", "users"],
    queryFn: ({ signal }) => listUsers({ signal }),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}
