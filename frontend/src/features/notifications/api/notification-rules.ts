import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type NotificationRules = Schema<"RulesOut">;
export type RulesPatch = Schema<"RulesPatch">;

const KEY = ["notification-rules"] as const;

export function getRules({ signal }: { signal?: AbortSignal } = {}): Promise<NotificationRules> {
  return apiClient.request<NotificationRules>("/api/notification-rules", { signal });
}

/** GET /api/notification-rules — the organization's rules (administrators and managers). */
export function useNotificationRules({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => getRules({ signal }), staleTime: 0, enabled });
}

/** PATCH /api/notification-rules — administrators; a number set to null switches its rule off. */
export function patchRules(patch: RulesPatch): Promise<NotificationRules> {
  return apiClient.request<NotificationRules>("/api/notification-rules", { method: "PATCH", body: patch });
}

export function usePatchRules() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchRules, onSuccess: (rules) => queryClient.setQueryData(KEY, rules) });
}
