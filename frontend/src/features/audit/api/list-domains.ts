import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Terminology } from "@/components/terminology";

/** What the audit log needs of a presence state: its words and its colour. */
export interface AuditState {
  code: string;
  label: string;
  color: string;
}

export interface AuditDomain {
  code: string;
  name: string;
  terminology: Partial<Terminology>;
  states: AuditState[];
}

export function listDomains({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: AuditDomain[] }> {
  return apiClient.request<{ items: AuditDomain[] }>("/api/domains", { signal });
}

/** GET /api/domains — the states' labels and colours the log shows instead of their codes. */
export function useAuditDomains() {
  return useQuery({
    queryKey: ["audit-logs", "domains"],
    queryFn: ({ signal }) => listDomains({ signal }),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}
