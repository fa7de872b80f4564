import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CheckAction } from "@/lib/offline/db";
import { deviceIdIfKnown } from "@/lib/offline/device";
import { dismissNotices, useOutbox, type OutboxChange } from "@/lib/offline/outbox";
import { onPulled } from "@/lib/offline/pull";
import { isPlaceholder, newPlaceholderId, onWalkInAdded } from "@/lib/offline/walk-ins";
import { addWalkIn as postWalkIn, type WalkInCreated } from "@/features/roster/api/add-walk-in";
import { rosterKeys, type PresenceRecord, type Roster } from "@/features/roster/api/get-roster";
import { recordBulk } from "@/features/roster/api/record-bulk";
import { recordCheck } from "@/features/roster/api/record-check";
import { recordPresence } from "@/features/roster/api/record-presence";
import { newMutationId } from "./mutation-id";
import { createPersonQueue } from "./person-queue";
import { sendChange, type SendOutcome } from "./roll-call-sender";
import { isRecord, withPerson, withRecords } from "./roster-records";
import { useOfflineMarks, type Check, type Mark } from "./use-offline-marks";

export type { Check, Mark } from "./use-offline-marks";
export { withRecords } from "./roster-records";

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

/** Someone not on the list, as the roster's form adds them. */
export interface WalkIn {
  name: string;
  state: string;
  note: string | null;
}

export type BulkOutcome =
  | { kind: "done"; state: string; marked: number; leftAlone: number }
  /** Kept on this device, to be sent when the connection is back. */
  | { kind: "queued"; state: string; marked: number }
  | { kind: "nobody" }
  | { kind: "conflict"; changed: number }
  | { kind: "failed"; error: unknown };

/** A map with one entry set, or removed (when `token` is given, only if it is still that change's). */
function withEntry<V extends { token: number }>(current: ReadonlyMap<string, V>, id: string, value: V | null, token?: number): ReadonlyMap<string, V> {
  if (value === null && (!current.has(id) || (token !== undefined && current.get(id)?.token !== token))) return current;
  const next = new Map(current);
  if (value === null) next.delete(id);
  else next.set(id, value);
  return next;
}

/**
 * Taking presence so it feels instant: a mark shows at once (optimistic), is sent with the version
 * the screen showed and a fresh mutation id (roll-call-sender: online with retries, or the outbox),
 * and is rolled back with a message if refused. Changes to one participant go out one after
 * another (person-queue), each with the version its predecessor produced; a bulk mark waits for
 * those in flight and the ones after it wait for it. The server's records live in the query cache;
 * the marks not yet confirmed in `pending`.
 */
export function useRollCall(sessionId: string) {
  const queryClient = useQueryClient();
  const key = useMemo(() => rosterKeys.detail(sessionId), [sessionId]);
  const [queue] = useState(createPersonQueue);

  // The marks not yet confirmed: state for rendering, a ref for the async work to read.
  const [pending, setPending] = useState<ReadonlyMap<string, Pending>>(() => new Map());
  const pendingRef = useRef(pending);
  // Check-ins and check-outs not yet confirmed, by participant.
  const [checking, setChecking] = useState<ReadonlyMap<string, PendingCheck>>(() => new Map());
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | null>(null);
  const [bulkPending, setBulkPending] = useState(false);
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
      updatePending((current) => participantIds.reduce((map, id) => withEntry(map, id, null, token), current)),
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
      if (records.length) queryClient.setQueryData<Roster>(key, (old) => (old ? withRecords(old, records) : old));
    },
    [queryClient, key],
  );

  // What sync pulled (colleagues' marks, this device's merged changes, settled conflicts).
  useEffect(() => onPulled((records) => apply(records.filter((r) => r.session_id === sessionId))), [apply, sessionId]);

  // Walk-ins made on this device: the roster's answer does not mark them (yet), the screen does.
  const [madeWalkIns, setMadeWalkIns] = useState<ReadonlySet<string>>(() => new Set());
  const walkInMade = useCallback(
    ({ participant, record }: { participant: { id: string; name: string; external_ref: string | null }; record: PresenceRecord }) => {
      setMadeWalkIns((known) => new Set(known).add(participant.id));
      queryClient.setQueryData<Roster>(key, (old) =>
        old ? withPerson(old, { participant: { id: participant.id, name: participant.name, external_ref: participant.external_ref, walk_in: true }, record }) : old,
      );
      // Asked again in the background, so that the roster kept for offline use has them too.
      void queryClient.invalidateQueries({ queryKey: key });
    },
    [key, queryClient],
  );
  // A walk-in the outbox sent: their placeholder's row becomes theirs.
  useEffect(
    () => onWalkInAdded((added) => added.session_id === sessionId && walkInMade(added)),
    [sessionId, walkInMade],
  );

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

  /** What every change does first: drop sync's word on older ones, and stop a refetch that would land after it. */
  const starting = useCallback(
    (participantIds: readonly string[]) => {
      dismissMoot(participantIds);
      void queryClient.cancelQueries({ queryKey: key });
    },
    [dismissMoot, key, queryClient],
  );

  const mark = useCallback(
    (participantId: string, next: Mark) => {
      const token = (tokens.current += 1);
      const generation = queue.generation(participantId);
      updatePending((current) => withEntry(current, participantId, { mark: next, token }));
      starting([participantId]);
      void queue.person(participantId, async () => {
        if (queue.generation(participantId) !== generation) return;
        const item = itemOf(participantId);
        const name = item?.participant.name ?? null;
        const mutationId = newMutationId();
        const version = item?.record?.version ?? null;
        const outcome = await sendChange({
          changes: [{ session_id: sessionId, participant_id: participantId, state: next.state, note: next.note, base_version: version, mutation_id: mutationId }],
          // A walk-in still in the outbox: their mark queues behind them.
          offlineOnly: isPlaceholder(participantId),
          // This device's id goes with online marks too (X-Omni-Device): the server then takes a
          // later offline change of the record for this device's own.
          online: (device) =>
            recordPresence({ session_id: sessionId, participant_id: participantId, state: next.state, note: next.note, expected_version: version ?? 0, mutation_id: mutationId }, device),
        });
        if (outcome.kind === "saved") apply([outcome.value]);
        else if (outcome.kind === "conflict") {
          queue.drop(participantId);
          const theirs = isRecord(outcome.current) ? outcome.current : null;
          if (theirs) apply([theirs]);
          const mine = pendingRef.current.get(participantId)?.mark ?? next;
          clearPending([participantId]);
          setConflicts((list) => [...list.filter((c) => c.participantId !== participantId), { participantId, name: name ?? "", mine, theirs }]);
        } else if (outcome.kind === "failed") setFailure({ participantId, name, error: outcome.error });
        clearPending([participantId], token);
      });
    },
    [apply, clearPending, itemOf, queue, sessionId, starting, updatePending],
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
      setChecking((current) => withEntry(current, participantId, { action, at, token }));
      starting([participantId]);
      void queue.person(participantId, async () => {
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
          mutation_id: mutationId,
        };
        const outcome = await sendChange({
          changes: [change],
          offlineOnly: isPlaceholder(participantId),
          // No `at` online: the server's clock is the time (a device's may be off).
          online: (device) => recordCheck(action, { session_id: sessionId, participant_id: participantId, mutation_id: mutationId }, device),
        });
        if (outcome.kind === "saved") apply([outcome.value]);
        else if (outcome.kind !== "queued") setFailure({ participantId, name, error: outcome.error, action });
        setChecking((current) => withEntry(current, participantId, null, token));
      });
    },
    [apply, itemOf, queue, sessionId, starting],
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
        starting(ids);
        const idempotencyKey = newMutationId();
        // Notes are kept: a record's note is replaced by what a change sends.
        const noteOf = (item: (typeof targets)[number]) => queuedRef.current.get(item.participant.id)?.note ?? item.record?.note ?? null;
        const outcome = await sendChange({
          changes: targets.map((item) => ({ session_id: sessionId, participant_id: item.participant.id, state, note: noteOf(item), base_version: item.record?.version ?? null })),
          online: (device) =>
            recordBulk(
              {
                session_id: sessionId,
                only_unmarked: onlyUnmarked,
                records: targets.map((item) => ({ participant_id: item.participant.id, state, note: noteOf(item), expected_version: item.record?.version ?? 0 })),
              },
              idempotencyKey,
              device,
            ),
        });
        if (outcome.kind === "saved") {
          apply(outcome.value.items);
          const leftAlone = outcome.value.items.filter((record) => record.state !== state).length;
          setBulkOutcome({ kind: "done", state, marked: outcome.value.items.length - leftAlone, leftAlone });
        } else if (outcome.kind === "queued") setBulkOutcome({ kind: "queued", state, marked: targets.length });
        else if (outcome.kind === "conflict") {
          setBulkOutcome({ kind: "conflict", changed: Array.isArray(outcome.current) ? outcome.current.length : 1 });
          await queryClient.invalidateQueries({ queryKey: key });
        } else setBulkOutcome({ kind: "failed", error: outcome.error });
        clearPending(ids, token);
      };
      void queue.everyone(async () => {
        try {
          await run();
        } finally {
          setBulkPending(false);
        }
      });
    },
    [apply, clearPending, key, queryClient, queue, roster, sessionId, starting, updatePending],
  );

  /**
   * Adds someone not on the list (SPEC §3.3) with their mark: online with an Idempotency-Key, or —
   * offline, behind waiting changes, or when the network lets it down — into the outbox under a
   * placeholder id, their row shown at once as not sent; sync sends it with the same key.
   */
  const addWalkIn = useCallback(
    async ({ name, state, note }: WalkIn): Promise<SendOutcome<WalkInCreated>> => {
      const key = newMutationId();
      const outcome = await sendChange({
        changes: [{ session_id: sessionId, participant_id: newPlaceholderId(), state, note, base_version: null, mutation_id: key, walk_in: { name } }],
        online: (device) => postWalkIn(sessionId, note ? { name, state, note } : { name, state }, key, device),
      });
      if (outcome.kind === "saved") walkInMade(outcome.value);
      return outcome;
    },
    [sessionId, walkInMade],
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
    /** Walk-ins waiting in the outbox, as rows (their ids are placeholders). */
    waitingWalkIns: offline.walkIns,
    /** Walk-ins made on this device since the page opened (the roster's answer does not say). */
    madeWalkIns,
    addWalkIn,
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
