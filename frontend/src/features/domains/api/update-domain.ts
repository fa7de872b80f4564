import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { domainKeys, type Domain } from "./list-domains";
import type { Schema } from "@/lib/api/types";

export type DomainPatch = Schema<"DomainPatch">;

/** PATCH /api/domains/{code} — rename a domain or change its words. */
export function updateDomain({ code, patch }: { code: string; patch: DomainPatch }): Promise<Domain> {
  return apiClient.request<Domain>(`/api/domains/${encodeURIComponent(code)}`, { method: "PATCH", body: patch });
}

export function useUpdateDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateDomain,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainKeys.all }),
  });
}
