import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { webhookKeys } from "./webhooks";

/** `status` is pending, delivered or failed (SPEC §8); `next_attempt_at` while it will be tried again. */
export type Delivery = Schema<"DeliveryOut">;

// While a delivery waits for its next attempt, the log looks again every few seconds.
const WHILE_PENDING_MS = 3_000;

/** GET /api/webhooks/{id}/deliveries — the newest first. */
export function useDeliveries(webhookId: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ signal }) =>
      apiClient.request<Schema<"Page_DeliveryOut_">>(`/api/webhooks/${encodeURIComponent(webhookId)}/deliveries?limit=100`, { signal }),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending") ? WHILE_PENDING_MS : false),
  });
}

function useDeliveryMutation<TInput>(webhookId: string, mutationFn: (input: TInput) => Promise<Delivery>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }) });
}

/** POST /api/webhooks/{id}/test — 202 with the delivery of a `webhook.test` event. */
export function sendTest(webhookId: string): Promise<Delivery> {
  return apiClient.request<Delivery>(`/api/webhooks/${encodeURIComponent(webhookId)}/test`, { method: "POST", body: {} });
}

export const useSendTest = (webhookId: string) => useDeliveryMutation(webhookId, () => sendTest(webhookId));

/** POST /api/webhooks/{id}/deliveries/{delivery_id}/redeliver — 202, tried again now. */
export function redeliver(webhookId: string, deliveryId: string): Promise<Delivery> {
  return apiClient.request<Delivery>(
    `/api/webhooks/${encodeURIComponent(webhookId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
    { method: "POST", body: {} },
  );
}

export const useRedeliver = (webhookId: string) => useDeliveryMutation(webhookId, (deliveryId: string) => redeliver(webhookId, deliveryId));
