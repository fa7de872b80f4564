import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { domainKeys, type Domain } from "./list-domains";
import type { Schema } from "@/lib/api/types";

export type DomainInput = Schema<"DomainCreate">;

/** POST /api/domains — a custom domain (administrators); its states are added one by one. */
export function createDomain(input: DomainInput): Promise<Domain> {
  return apiClient.request<Domain>("/api/domains", { method: "POST", body: input });
}

export function useCreateDomain() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDomain,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: domainKeys.all }),
  });
}
