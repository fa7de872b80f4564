import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** `{email: {kind: bool}}`: whether I get each kind by email (the bell shows every one). */
export type NotificationPreferences = Schema<"Preferences">;

const KEY = ["notification-preferences"] as const;

export function getPreferences({ signal }: { signal?: AbortSignal } = {}): Promise<NotificationPreferences> {
  return apiClient.request<NotificationPreferences>("/api/notification-preferences", { signal });
}

/** GET /api/notification-preferences — mine. */
export function useNotificationPreferences() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => getPreferences({ signal }), staleTime: 0 });
}

/** PATCH /api/notification-preferences — only the kinds named change. */
export function patchPreferences(patch: NotificationPreferences): Promise<NotificationPreferences> {
  return apiClient.request<NotificationPreferences>("/api/notification-preferences", { method: "PATCH", body: patch });
}

export function usePatchPreferences() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: patchPreferences, onSuccess: (preferences) => queryClient.setQueryData(KEY, preferences) });
}
