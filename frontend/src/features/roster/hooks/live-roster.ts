import { hashKey, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { isLiveCounts, useLiveStream, type LiveEvent, type LiveStatus } from "@/lib/live-events";
import { rosterKeys, type PresenceRecord, type Roster } from "@/features/roster/api/get-roster";
import { useOutbox } from "@/lib/offline/outbox";
import { clearSettledConflicts } from "@/lib/offline/pull";
import { isRecord, withRecords } from "./roster-records";

/**
 * What one live event does to the cached roster. A record is put in by version (an older or equal
 * one changes nothing, so a replay or this device's own echo is harmless); the row shows it under
 * any mark of this device still on its way or waiting in the outbox, which the screen lays over
 * the server's record until it is confirmed. Someone the roster does not list yet (a walk-in a
 * colleague added) or a `reset` (a gap too old to replay) means reading the roster again.
 */
export function applyLiveEvent(roster: Roster, event: LiveEvent): { roster: Roster; refetch: boolean } {
  if (event.event === "reset") return { roster, refetch: true };
  if (event.event === "presence" && isRecord(event.data)) {
    const record: PresenceRecord = event.data;
    if (record.session_id !== roster.session.id) return { roster, refetch: false };
    if (!roster.items.some((item) => item.participant.id === record.participant_id)) return { roster, refetch: true };
    return { roster: withRecords(roster, [record]), refetch: false };
  }
  if (event.event === "counts" && isLiveCounts(event.data) && event.data.session_id === roster.session.id) {
    const next = event.data.counts;
    const same = Object.keys(next).length === Object.keys(roster.counts).length && Object.entries(next).every(([code, n]) => roster.counts[code] === n);
    return { roster: same ? roster : { ...roster, counts: next }, refetch: false };
  }
  return { roster, refetch: false };
}

/**
 * Keeps the cached roster of a session up to date while it is on screen: colleagues', kiosks' and
 * synced devices' marks and check-ins appear as they are made. Returns the stream's status.
 */
export function useLiveRoster(sessionId: string): LiveStatus | null {
  const queryClient = useQueryClient();
  const onEvent = useCallback(
    (event: LiveEvent) => {
      const key = rosterKeys.detail(sessionId);
      const roster = queryClient.getQueryData<Roster>(key);
      if (!roster) return;
      const outcome = applyLiveEvent(roster, event);
      if (outcome.roster !== roster) queryClient.setQueryData<Roster>(key, outcome.roster);
      if (outcome.refetch) void queryClient.invalidateQueries({ queryKey: key });
      // A conflict settled while the roster is open: this device's notice about it goes now.
      const { userId } = useOutbox.getState();
      if (userId && event.event === "presence" && isRecord(event.data)) void clearSettledConflicts(userId, [event.data]).catch(() => undefined);
    },
    [queryClient, sessionId],
  );
  // A first stream may open after the roster was read (or while its first read was out): whatever
  // was marked between is read again, once that first read is in.
  const onOpen = useCallback(
    (resumed: boolean) => {
      if (resumed) return;
      const key = rosterKeys.detail(sessionId);
      const readAgain = () => void queryClient.invalidateQueries({ queryKey: key });
      if (queryClient.getQueryData(key) !== undefined) return readAgain();
      const hash = hashKey(key);
      const unsubscribe = queryClient.getQueryCache().subscribe((change) => {
        if (change.query.queryHash !== hash || change.type !== "updated" || change.query.state.status === "pending") return;
        unsubscribe();
        if (change.query.state.data !== undefined) readAgain();
      });
    },
    [queryClient, sessionId],
  );
  return useLiveStream(sessionId, onEvent, { onOpen });
}
