import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type AuditUser = Pick<Schema<"UserOut">, "id" | "full_name" | "email">;

export function listUsers({ signal }: { signal?: AbortSignal } = {}): Promise<Schema<"Page_UserOut_">> {
  return apiClient.request<Schema<"Page_UserOut_">>("/api/users?limit=1000", { signal });
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
