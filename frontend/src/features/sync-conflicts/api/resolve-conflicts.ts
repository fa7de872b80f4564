import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { ProblemDetails } from "@/lib/problem";
import { conflictKeys, type SyncConflict } from "./list-conflicts";
import type { Schema } from "@/lib/api/types";

/** One conflict's answer: its status, and the conflict or the problem (the schema leaves them objects). */
export type ResolvedOne = Omit<Schema<"ResolvedOne">, "conflict" | "problem"> & { conflict?: SyncConflict | null; problem?: ProblemDetails | null };

/**
 * POST /api/admin/sync-conflicts/resolve — many at once, each on its own: keep the server's value,
 * or take each one's latest device version. Each answers with its own status.
 */
export function resolveConflicts(ids: string[], choice: "server" | "client"): Promise<{ items: ResolvedOne[] }> {
  return apiClient.request<{ items: ResolvedOne[] }>("/api/admin/sync-conflicts/resolve", { method: "POST", body: { ids, choice } });
}

export function useResolveConflicts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, choice }: { ids: string[]; choice: "server" | "client" }) => resolveConflicts(ids, choice),
    onSettled: () => queryClient.invalidateQueries({ queryKey: conflictKeys.all }),
  });
}
