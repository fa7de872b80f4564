import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { notificationKeys, type Notification } from "./list-notifications";

/** POST /api/notifications/{id}/read */
export function markRead(id: string): Promise<Notification> {
  return apiClient.request<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: "POST", body: {} });
}

/** POST /api/notifications/read-all */
export function markAllRead(): Promise<unknown> {
  return apiClient.request("/api/notifications/read-all", { method: "POST", body: {} });
}

function useNotificationMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }) });
}

export const useMarkRead = () => useNotificationMutation(markRead);
export const useMarkAllRead = () => useNotificationMutation(markAllRead);
