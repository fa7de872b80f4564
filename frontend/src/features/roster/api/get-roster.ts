import { replaceEqualDeep, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { SyncedRecord } from "@/lib/offline/sync-api";
import type { Schema } from "@/lib/api/types";
import { keepNewerRecords } from "@/features/roster/hooks/roster-records";

export type SessionStatus = Schema<"Status">;

/** A presence record: the roster and the change feed carry the same shape. */
export type PresenceRecord = SyncedRecord;

/**
 * Someone on the roster and their record. `walk_in`: added on the spot to this session; the
 * roster's answer does not say so yet (only the participants list does), so the screen also knows
 * the walk-ins made on this device.
 */
export type RosterItem = Omit<Schema<"RosterItem">, "participant"> & { participant: Schema<"ParticipantBrief"> & { walk_in?: boolean } };

export type RosterSession = Schema<"SessionOut">;

/**
 * The session, its group (with `late_after_minutes`, the grace after the start before a check-in
 * counts as late), the counts, and every member while the session ran, by name; not paginated.
 */
export type Roster = Omit<Schema<"RosterOut">, "items"> & { items: RosterItem[] };

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
    // Live events and marks' answers may be newer than a refetch that set out before them.
    structuralSharing: (previous, next) => replaceEqualDeep(previous, keepNewerRecords(previous as Roster | undefined, next as Roster)),
  });
}
