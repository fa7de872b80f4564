import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** Someone whose attendance fell below the organization's threshold, as their notification told it. */
export interface BelowThreshold {
  participantId: string;
  /** "Amara Okafor's attendance is 67%, below 90%" */
  title: string;
  /** Their history. */
  link: string;
  at: string;
}

/** The newest word on each participant, most recent first, from the notifications of the last `days`. */
export function belowThreshold(items: readonly Schema<"NotificationOut">[], since: number): BelowThreshold[] {
  const seen = new Set<string>();
  const found: BelowThreshold[] = [];
  for (const item of items) {
    if (item.kind !== "below_threshold" || Date.parse(item.created_at) < since) continue;
    const participantId = typeof item.data.participant_id === "string" ? item.data.participant_id : null;
    if (!participantId || seen.has(participantId)) continue;
    seen.add(participantId);
    found.push({ participantId, title: item.title, link: item.link ?? `/participants/${participantId}`, at: item.created_at });
  }
  return found;
}

export const belowThresholdKeys = {
  all: ["notifications", "below-threshold"] as const,
};

const DAYS = 30;

/**
 * GET /api/notifications — the participants whose attendance fell below the threshold in the last
 * 30 days (presence tells managers and administrators when someone crosses it, SPEC §4.7).
 */
export function useBelowThreshold({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: belowThresholdKeys.all,
    queryFn: ({ signal }) => apiClient.request<Schema<"NotificationPage">>("/api/notifications?limit=200", { signal }),
    select: (page) => belowThreshold(page.items, Date.now() - DAYS * 86_400_000),
    enabled,
    staleTime: 60_000,
  });
}
