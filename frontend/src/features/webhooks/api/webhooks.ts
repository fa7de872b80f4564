import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema, WithDefaults } from "@/lib/api/types";

export type Webhook = Schema<"WebhookOut">;
/** Answered once, when the webhook is made: its signing secret is never shown again. */
export type CreatedWebhook = Schema<"WebhookCreated">;
export type WebhookEvent = Schema<"Event">;
export type WebhookInput = WithDefaults<Schema<"WebhookCreate">, "active">;
export type WebhookPatch = Schema<"WebhookPatch">;

/** Every event a webhook may be sent, in the order the form lists them. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = ["presence.recorded", "presence.changed", "conflict.flagged", "report.ready"];

/** Each event's label in the catalogue (the test event is sent by "Send a test event" only). */
export const EVENT_LABEL_KEYS = {
  "presence.recorded": "webhooks.event.presenceRecorded",
  "presence.changed": "webhooks.event.presenceChanged",
  "conflict.flagged": "webhooks.event.conflictFlagged",
  "report.ready": "webhooks.event.reportReady",
  "webhook.test": "webhooks.event.webhookTest",
} as const;

/** An event's label, or its own name for one this version of the app does not know yet. */
export function eventLabel(t: (key: (typeof EVENT_LABEL_KEYS)[keyof typeof EVENT_LABEL_KEYS]) => string, event: string): string {
  return event in EVENT_LABEL_KEYS ? t(EVENT_LABEL_KEYS[event as keyof typeof EVENT_LABEL_KEYS]) : event;
}

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: () => ["webhooks", "list"] as const,
  one: (id: string) => ["webhooks", "one", id] as const,
  deliveries: (id: string) => ["webhooks", "deliveries", id] as const,
};

const path = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

/** GET /api/webhooks — the organization's targets (administrators). */
export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: ({ signal }) => apiClient.request<Schema<"Page_WebhookOut_">>("/api/webhooks?limit=1000", { signal }),
    staleTime: 0,
  });
}

/** GET /api/webhooks/{id} */
export function useWebhook(id: string) {
  return useQuery({ queryKey: webhookKeys.one(id), queryFn: ({ signal }) => apiClient.request<Webhook>(path(id), { signal }) });
}

function useWebhookMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }) });
}

/** POST /api/webhooks — 201 with the secret, shown once. */
export function createWebhook(input: WebhookInput): Promise<CreatedWebhook> {
  return apiClient.request<CreatedWebhook>("/api/webhooks", { method: "POST", body: input });
}

export const useCreateWebhook = () => useWebhookMutation(createWebhook);

/** PATCH /api/webhooks/{id} — its address, its events, or whether it is on. */
export function updateWebhook({ id, ...patch }: WebhookPatch & { id: string }): Promise<Webhook> {
  return apiClient.request<Webhook>(path(id), { method: "PATCH", body: patch });
}

export const useUpdateWebhook = () => useWebhookMutation(updateWebhook);

/** DELETE /api/webhooks/{id} */
export function deleteWebhook(id: string): Promise<void> {
  return apiClient.request<void>(path(id), { method: "DELETE" });
}

export const useDeleteWebhook = () => useWebhookMutation(deleteWebhook);
