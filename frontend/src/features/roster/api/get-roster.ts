import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { SyncedRecord } from "@/lib/offline/sync-api";

export type SessionStatus = "scheduled" | "open" | "closed" | "cancelled";

/** A presence record: the roster and the change feed carry the same shape. */
export type PresenceRecord = SyncedRecord;

export interface RosterItem {
  participant: { id: string; name: string; external_ref: string | null };
  record: PresenceRecord | null;
}

export interface RosterSession {
  id: string;
  group_id: string;
  series_id: string | null;
  title: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  mode: string;
  status: SessionStatus;
  notes: string | null;
}

export interface Roster {
  session: RosterSession;
  /** `late_after_minutes`: the grace after the start before a check-in counts as late. */
  group: { id: string; name: string; domain: string; late_after_minutes?: number };
  counts: Record<string, number>;
  /** Every member while the session ran, by name; not paginated. */
  items: RosterItem[];
}

export const rosterKeys = {
  detail: (sessionId: string) => ["roster", sessionId] as const,
};

export function getRoster(sessionId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Roster> {
  return apiClient.request<Roster>(`/api/sessions/${encodeURIComponent(sessionId)}/roster`, { signal });
}

/** GET /api/sessions/{id}/roster — the session, its group and every member with their record. */
export function useRoster(sessionId: string) {
  return useQuery({
    queryKey: rosterKeys.detail(sessionId),
    // Kept for offline use: a roster opened before opens with no network (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst(`roster:${sessionId}`, () => getRoster(sessionId, { signal })),
    networkMode: "offlineFirst",
    // Marks are made here and colleagues make theirs: look again whenever the page comes back.
    staleTime: 0,
  });
}
