import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { ApiError, NetworkError } from "../../../lib/problem";
import { rosterKeys, type PresenceRecord, type Roster } from "../api/get-roster";
import { recordBulk } from "../api/record-bulk";
import { recordPresence } from "../api/record-presence";
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

export type Failure = { participantId: string | null; name: string | null; error: unknown };

export type BulkOutcome =
  | { kind: "done"; state: string; marked: number; leftAlone: number }
  | { kind: "nobody" }
  | { kind: "conflict"; changed: number }
  | { kind: "failed"; error: unknown };

const RETRY_DELAYS_MS = [400, 1500];

function retriable(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
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

  const roster = useCallback(() => queryClient.getQueryData<Roster>(key), [queryClient, key]);
  const itemOf = useCallback((participantId: string) => roster()?.items.find((i) => i.participant.id === participantId), [roster]);

  const apply = useCallback(
    (records: readonly PresenceRecord[]) => {
      if (!records.length) return;
      queryClient.setQueryData<Roster>(key, (old) => (old ? withRecords(old, records) : old));
    },
    [queryClient, key],
  );

  const mark = useCallback(
    (participantId: string, next: Mark) => {
      const token = (tokens.current += 1);
      const generation = generations.current.get(participantId) ?? 0;
      updatePending((current) => new Map(current).set(participantId, { mark: next, token }));
      // A refetch that started before this change must not land after it with older data.
      void queryClient.cancelQueries({ queryKey: key });

      const run = async () => {
        if ((generations.current.get(participantId) ?? 0) !== generation) return;
        const item = itemOf(participantId);
        const name = item?.participant.name ?? null;
        try {
          const record = await withRetry(() =>
            recordPresence({
              session_id: sessionId,
              participant_id: participantId,
              state: next.state,
              note: next.note,
              expected_version: item?.record?.version ?? 0,
              mutation_id: newMutationId(),
            }),
          );
          apply([record]);
        } catch (error) {
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
    [apply, clearPending, itemOf, key, queryClient, sessionId, updatePending],
  );

  const markAll = useCallback(
    (state: string, { onlyUnmarked }: { onlyUnmarked: boolean }) => {
      setBulkOutcome(null);
      setBulkPending(true);
      const run = async () => {
        const items = roster()?.items ?? [];
        const targets = onlyUnmarked ? items.filter((i) => i.record === null) : items;
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
        void queryClient.cancelQueries({ queryKey: key });
        const idempotencyKey = newMutationId();
        try {
          const result = await withRetry(() =>
            recordBulk(
              {
                session_id: sessionId,
                only_unmarked: onlyUnmarked,
                // Notes are kept: a record's note is replaced by what a change sends.
                records: targets.map((item) => ({
                  participant_id: item.participant.id,
                  state,
                  note: item.record?.note ?? null,
                  expected_version: item.record?.version ?? 0,
                })),
              },
              idempotencyKey,
            ),
          );
          apply(result.items);
          const leftAlone = result.items.filter((record) => record.state !== state).length;
          setBulkOutcome({ kind: "done", state, marked: result.items.length - leftAlone, leftAlone });
        } catch (error) {
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
    [apply, clearPending, key, queryClient, roster, sessionId, updatePending],
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

  return {
    pending,
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
