import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useAuthSession } from "@/lib/auth-session";
import type { CheckAction, SyncNotice } from "@/lib/offline/db";
import { deviceIdIfKnown } from "@/lib/offline/device";
import { useConnectivity } from "@/lib/offline/connectivity";
import { addToOutbox, dismissNotices, useOutbox, type OutboxChange } from "@/lib/offline/outbox";
import { onPulled } from "@/lib/offline/pull";
import { requestSync } from "@/lib/offline/sync-manager";
import { ApiError, NetworkError } from "@/lib/problem";
import { rosterKeys, type PresenceRecord, type Roster } from "@/features/roster/api/get-roster";
import { recordBulk } from "@/features/roster/api/record-bulk";
import { recordCheck } from "@/features/roster/api/record-check";
import { recordPresence } from "@/features/roster/api/record-presence";
import { newMutationId } from "./mutation-id";

/** What a participant is marked as (or is being marked as). */
export interface Mark {
  state: string;
  note: string | null;
}

interface Pending {
  mark: Mark;
  /** Which change put it there: a later change for the same person replaces it. */
  token: number;
  /** Part of a bulk mark. */
  bulk?: boolean;
}

/** A colleague's mark got there first: the user chooses between theirs and this screen's. */
export interface Conflict {
  participantId: string;
  name: string;
  mine: Mark;
  theirs: PresenceRecord | null;
}

/** A check-in or check-out made on this screen: shown at once, with the time it was made. */
export interface Check {
  action: CheckAction;
  /** This device's clock when it was made (ISO 8601). */
  at: string;
}

interface PendingCheck extends Check {
  token: number;
}

export type Failure = {
  participantId: string | null;
  name: string | null;
  error: unknown;
  /** The change was a check-in or check-out (its refusal is told in those words). */
  action?: CheckAction;
};

export type BulkOutcome =
  | { kind: "done"; state: string; marked: number; leftAlone: number }
  /** Kept on this device, to be sent when the connection is back. */
  | { kind: "queued"; state: string; marked: number }
  | { kind: "nobody" }
  | { kind: "conflict"; changed: number }
  | { kind: "failed"; error: unknown };

const RETRY_DELAYS_MS = [400, 1500];

function retriable(error: unknown): boolean {
  // Known to be offline: straight to the outbox, no waiting on retries that cannot work.
  if (error instanceof NetworkError) return navigator.onLine !== false;
  return error instanceof ApiError && error.status >= 500;
}

/**
 * A change that could not be sent now — no network, the server unavailable, or the login ended
 * meanwhile — is not lost: it goes to the outbox and is sent by sync later (SPEC §4.5).
 */
function keepForLater(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && (error.status >= 500 || error.status === 401));
}

/**
 * Whether changes go to the outbox without trying online first: the page is offline, or changes
 * of this user still wait there (a newer change must not overtake an older one of the same record).
 */
function queueing(userId: string): boolean {
  return (
    useAuthSession.getState().status === "offline" ||
    !useConnectivity.getState().online ||
    (useOutbox.getState().userId === userId && useOutbox.getState().entries.length > 0)
  );
}

/**
 * This session's changes waiting in the outbox — the latest mark and the latest check-in or
 * check-out per participant — and sync's notices.
 */
function useOfflineMarks(sessionId: string) {
  const entries = useOutbox((state) => state.entries);
  const notices = useOutbox((state) => state.notices);
  const { queued, queuedChecks } = useMemo(() => {
    const marks = new Map<string, Mark>();
    const checks = new Map<string, Check>();
    for (const entry of entries) {
      if (entry.session_id !== sessionId) continue;
      if (entry.action) checks.set(entry.participant_id, { action: entry.action, at: (entry.action === "check_in" ? entry.check_in_at : entry.check_out_at) ?? entry.client_time });
      else if (entry.state !== null) marks.set(entry.participant_id, { state: entry.state, note: entry.note });
    }
    return { queued: marks, queuedChecks: checks };
  }, [entries, sessionId]);
  const noticeByParticipant = useMemo(() => {
    const map = new Map<string, SyncNotice>();
    for (const notice of notices) if (notice.session_id === sessionId) map.set(notice.participant_id, notice);
    return map;
  }, [notices, sessionId]);
  return { queued, queuedChecks, notices: noticeByParticipant };
}

/**
 * Sends the same request again after a lost connection or a server error. Safe: the request
 * carries its mutation id (or Idempotency-Key), so the server applies it at most once.
 */
async function withRetry<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length || !retriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}

function currentOf(error: ApiError): unknown {
  const body = error.body as { current?: unknown } | undefined;
  return body?.current;
}

function isRecord(value: unknown): value is PresenceRecord {
  return typeof value === "object" && value !== null && typeof (value as PresenceRecord).participant_id === "string";
}

/** The roster's items with these records put in; untouched items keep their identity (cheap rows). */
export function withRecords(roster: Roster, records: readonly PresenceRecord[]): Roster {
  const byParticipant = new Map(records.map((record) => [record.participant_id, record]));
  let changed = false;
  const items = roster.items.map((item) => {
    const record = byParticipant.get(item.participant.id);
    // A slower answer (or a refetch started earlier) never takes a record back to an older version.
    if (!record || (item.record && item.record.version > record.version)) return item;
    if (item.record && item.record.version === record.version && item.record.state === record.state && item.record.note === record.note) {
      return item;
    }
    changed = true;
    return { ...item, record };
  });
  return changed ? { ...roster, items } : roster;
}

/**
 * Taking presence so it feels instant: a mark shows at once (optimistic), is sent with the version
 * the screen showed and a fresh mutation id, retried if the network drops, and rolled back with a
 * message if refused. Changes to one participant go out one after another, each with the version
 * its predecessor produced; a bulk mark waits for those in flight and the ones after it wait for it.
 * The server's records live in the query cache; the marks not yet confirmed in `pending`.
 */
export function useRollCall(sessionId: string) {
  const queryClient = useQueryClient();
  const key = useMemo(() => rosterKeys.detail(sessionId), [sessionId]);

  // The marks not yet confirmed: state for rendering, a ref for the async work to read.
  const [pending, setPending] = useState<ReadonlyMap<string, Pending>>(() => new Map());
  const pendingRef = useRef(pending);
  // Check-ins and check-outs not yet confirmed, by participant.
  const [checking, setChecking] = useState<ReadonlyMap<string, PendingCheck>>(() => new Map());
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  const [bulkPending, setBulkPending] = useState(false);

  const chains = useRef(new Map<string, Promise<void>>());
  const barrier = useRef<Promise<unknown>>(Promise.resolve());
  // Bumped by a conflict: changes queued before it are dropped, the user decides afresh.
  const generations = useRef(new Map<string, number>());
  const tokens = useRef(0);

  const updatePending = useCallback((update: (current: ReadonlyMap<string, Pending>) => ReadonlyMap<string, Pending>) => {
    const next = update(pendingRef.current);
    if (next !== pendingRef.current) {
      pendingRef.current = next;
      setPending(next);
    }
  }, []);

  const clearPending = useCallback(
    (participantIds: readonly string[], token?: number) =>
      updatePending((current) => {
        const next = new Map(current);
        for (const id of participantIds) if (token === undefined || next.get(id)?.token === token) next.delete(id);
        return next.size === current.size ? current : next;
      }),
    [updatePending],
  );

  // Read now, so that the first mark need not wait for it.
  useEffect(() => void deviceIdIfKnown(), []);
  const offline = useOfflineMarks(sessionId);
  const queuedRef = useRef(offline.queued);
  useEffect(() => {
    queuedRef.current = offline.queued;
  }, [offline.queued]);

  const roster = useCallback(() => queryClient.getQueryData<Roster>(key), [queryClient, key]);
  const itemOf = useCallback((participantId: string) => roster()?.items.find((i) => i.participant.id === participantId), [roster]);

  const apply = useCallback(
    (records: readonly PresenceRecord[]) => {
      if (!records.length) return;
      queryClient.setQueryData<Roster>(key, (old) => (old ? withRecords(old, records) : old));
    },
    [queryClient, key],
  );

  // What sync pulled (colleagues' marks, this device's merged changes, settled conflicts).
  useEffect(() => onPulled((records) => apply(records.filter((r) => r.session_id === sessionId))), [apply, sessionId]);

  /** A newer change makes what sync said about an older one of the same people moot. */
  const dismissMoot = useCallback(
    (participantIds: readonly string[]) => {
      const { userId, notices } = useOutbox.getState();
      if (!userId || !notices.length) return;
      const participants = new Set(participantIds);
      const moot = notices.filter((n) => n.session_id === sessionId && participants.has(n.participant_id));
      if (moot.length) void dismissNotices(userId, moot.map((n) => n.mutation_id)).catch(() => undefined);
    },
    [sessionId],
  );

  /** Puts changes in the outbox (the row shows them at once, as waiting) and asks sync to send. */
  const queue = useCallback(
    // The user who made the changes (their login may have ended meanwhile: the outbox waits for them).
    async (userId: string, changes: OutboxChange[]) => {
      await addToOutbox(userId, changes);
      requestSync();
    },
    [],
  );

  const mark = useCallback(
    (participantId: string, next: Mark) => {
      const token = (tokens.current += 1);
      const generation = generations.current.get(participantId) ?? 0;
      updatePending((current) => new Map(current).set(participantId, { mark: next, token }));
      dismissMoot([participantId]);
      // A refetch that started before this change must not land after it with older data.
      void queryClient.cancelQueries({ queryKey: key });

      const run = async () => {
        if ((generations.current.get(participantId) ?? 0) !== generation) return;
        const item = itemOf(participantId);
        const name = item?.participant.name ?? null;
        const mutationId = newMutationId();
        const change = { session_id: sessionId, participant_id: participantId, state: next.state, note: next.note, base_version: item?.record?.version ?? null };
        const userId = useAuthSession.getState().user?.id;
        try {
          if (userId && queueing(userId)) {
            await queue(userId, [change]);
            return;
          }
          // This device's id goes with online marks too (X-Omni-Device): the server then takes a
          // later offline change of the record for this device's own, and the conflict queue
          // says which device made the server's value. Never waited for: read at the first render.
          const device = deviceIdIfKnown();
          const record = await withRetry(() =>
            recordPresence(
              {
                session_id: sessionId,
                participant_id: participantId,
                state: next.state,
                note: next.note,
                expected_version: item?.record?.version ?? 0,
                mutation_id: mutationId,
              },
              device,
            ),
          );
          apply([record]);
        } catch (error) {
          if (userId && keepForLater(error)) {
            // The same mutation id: had the server applied it after all, sync finds it a duplicate.
            if (error instanceof NetworkError) useConnectivity.getState().unreachable();
            try {
              await queue(userId, [{ ...change, mutation_id: mutationId }]);
              return;
            } catch (stored) {
              setFailure({ participantId, name, error: stored });
              return;
            }
          }
          if (error instanceof ApiError && error.status === 409) {
            generations.current.set(participantId, generation + 1);
            const theirs = currentOf(error);
            if (isRecord(theirs)) apply([theirs]);
            const mine = pendingRef.current.get(participantId)?.mark ?? next;
            clearPending([participantId]);
            setConflicts((list) => [
              ...list.filter((c) => c.participantId !== participantId),
              { participantId, name: name ?? "", mine, theirs: isRecord(theirs) ? theirs : null },
            ]);
          } else {
            setFailure({ participantId, name, error });
          }
        } finally {
          clearPending([participantId], token);
        }
      };

      const before = Promise.all([chains.current.get(participantId), barrier.current]);
      const link = before.then(run, run);
      chains.current.set(participantId, link);
      void link.finally(() => {
        if (chains.current.get(participantId) === link) chains.current.delete(participantId);
      });
    },
    [apply, clearPending, dismissMoot, itemOf, key, queryClient, queue, sessionId, updatePending],
  );

  /**
   * Checks a participant in or out (SPEC §2 check_in_out): shown at once with this device's time,
   * sent to the check-in (check-out) route with a fresh mutation id — the server decides present
   * or late — and, when it cannot go now, kept in the outbox as a change with its `action` and the
   * device's time, like a mark. Changes to one person go out one after another.
   */
  const check = useCallback(
    (participantId: string, action: CheckAction) => {
      const token = (tokens.current += 1);
      const at = new Date().toISOString();
      setChecking((current) => new Map(current).set(participantId, { action, at, token }));
      dismissMoot([participantId]);
      void queryClient.cancelQueries({ queryKey: key });

      const run = async () => {
        const item = itemOf(participantId);
        const name = item?.participant.name ?? null;
        const mutationId = newMutationId();
        const change: OutboxChange = {
          session_id: sessionId,
          participant_id: participantId,
          state: null,
          note: null,
          action,
          at,
          base_version: item?.record?.version ?? null,
        };
        const userId = useAuthSession.getState().user?.id;
        try {
          if (userId && queueing(userId)) {
            await queue(userId, [change]);
            return;
          }
          const device = deviceIdIfKnown();
          // No `at` online: the server's clock is the time (a device's may be off).
          const record = await withRetry(() => recordCheck(action, { session_id: sessionId, participant_id: participantId, mutation_id: mutationId }, device));
          apply([record]);
        } catch (error) {
          if (userId && keepForLater(error)) {
            if (error instanceof NetworkError) useConnectivity.getState().unreachable();
            try {
              await queue(userId, [{ ...change, mutation_id: mutationId }]);
              return;
            } catch (stored) {
              setFailure({ participantId, name, error: stored, action });
              return;
            }
          }
          setFailure({ participantId, name, error, action });
        } finally {
          setChecking((current) => {
            if (current.get(participantId)?.token !== token) return current;
            const next = new Map(current);
            next.delete(participantId);
            return next;
          });
        }
      };

      const before = Promise.all([chains.current.get(participantId), barrier.current]);
      const link = before.then(run, run);
      chains.current.set(participantId, link);
      void link.finally(() => {
        if (chains.current.get(participantId) === link) chains.current.delete(participantId);
      });
    },
    [apply, dismissMoot, itemOf, key, queryClient, queue, sessionId],
  );

  const markAll = useCallback(
    (state: string, { onlyUnmarked }: { onlyUnmarked: boolean }) => {
      setBulkOutcome(null);
      setBulkPending(true);
      const run = async () => {
        const items = roster()?.items ?? [];
        // Unmarked as the screen shows it: a mark waiting in the outbox is a mark.
        const targets = onlyUnmarked ? items.filter((i) => i.record === null && !queuedRef.current.has(i.participant.id)) : items;
        if (!targets.length) {
          setBulkOutcome({ kind: "nobody" });
          return;
        }
        const token = (tokens.current += 1);
        const ids = targets.map((i) => i.participant.id);
        updatePending((current) => {
          const next = new Map(current);
          for (const item of targets) next.set(item.participant.id, { mark: { state, note: item.record?.note ?? null }, token, bulk: true });
          return next;
        });
        dismissMoot(ids);
        void queryClient.cancelQueries({ queryKey: key });
        const idempotencyKey = newMutationId();
        const noteOf = (item: (typeof targets)[number]) => queuedRef.current.get(item.participant.id)?.note ?? item.record?.note ?? null;
        const changes = targets.map((item) => ({
          session_id: sessionId,
          participant_id: item.participant.id,
          state,
          note: noteOf(item),
          base_version: item.record?.version ?? null,
        }));
        const userId = useAuthSession.getState().user?.id;
        const queueAll = async (by: string) => {
          await queue(by, changes);
          setBulkOutcome({ kind: "queued", state, marked: changes.length });
        };
        try {
          if (userId && queueing(userId)) {
            await queueAll(userId);
            return;
          }
          const device = deviceIdIfKnown();
          const result = await withRetry(() =>
            recordBulk(
              {
                session_id: sessionId,
                only_unmarked: onlyUnmarked,
                // Notes are kept: a record's note is replaced by what a change sends.
                records: targets.map((item) => ({
                  participant_id: item.participant.id,
                  state,
                  note: noteOf(item),
                  expected_version: item.record?.version ?? 0,
                })),
              },
              idempotencyKey,
              device,
            ),
          );
          apply(result.items);
          const leftAlone = result.items.filter((record) => record.state !== state).length;
          setBulkOutcome({ kind: "done", state, marked: result.items.length - leftAlone, leftAlone });
        } catch (error) {
          if (userId && keepForLater(error)) {
            if (error instanceof NetworkError) useConnectivity.getState().unreachable();
            try {
              await queueAll(userId);
            } catch (stored) {
              setBulkOutcome({ kind: "failed", error: stored });
            }
            return;
          }
          if (error instanceof ApiError && error.status === 409) {
            const current = currentOf(error);
            setBulkOutcome({ kind: "conflict", changed: Array.isArray(current) ? current.length : 1 });
            await queryClient.invalidateQueries({ queryKey: key });
          } else {
            setBulkOutcome({ kind: "failed", error });
          }
        } finally {
          clearPending(ids, token);
        }
      };
      const before = Promise.all([...chains.current.values(), barrier.current]);
      const done = before.then(run, run).finally(() => setBulkPending(false));
      barrier.current = done;
    },
    [apply, clearPending, dismissMoot, key, queryClient, queue, roster, sessionId, updatePending],
  );

  const resolveConflict = useCallback(
    (participantId: string, keep: "mine" | "theirs") => {
      const conflict = conflicts.find((c) => c.participantId === participantId);
      setConflicts((list) => list.filter((c) => c.participantId !== participantId));
      // Theirs is already on screen; keeping mine sends it again, now against their version.
      if (conflict && keep === "mine") mark(participantId, conflict.mine);
    },
    [conflicts, mark],
  );

  // Stable, so that the 500 memoised rows do not render again when a notice comes or goes.
  const dismissNotice = useCallback((participantId: string) => dismissMoot([participantId]), [dismissMoot]);

  return {
    pending,
    /** Check-ins and check-outs on their way, by participant. */
    checking: checking as ReadonlyMap<string, Check>,
    check,
    /** Marks waiting in the outbox, by participant (the latest of each). */
    queued: offline.queued,
    /** Check-ins and check-outs waiting in the outbox, by participant (the latest of each). */
    queuedChecks: offline.queuedChecks,
    /** What sync said about changes that did not go through, by participant. */
    notices: offline.notices,
    dismissNotice,
    mark,
    markAll,
    bulkPending,
    bulkOutcome,
    dismissBulkOutcome: useCallback(() => setBulkOutcome(null), []),
    conflicts,
    resolveConflict,
    failure,
    dismissFailure: useCallback(() => setFailure(null), []),
  };
}
