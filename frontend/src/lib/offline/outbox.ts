import { create } from "zustand";
import { offlineDb, type CheckAction, type OutboxEntry, type SyncNotice } from "./db";
import { isPlaceholder, walkInKey, walkInVersionKey } from "./walk-ins";
import { deviceId } from "./device";
import { newId } from "./ids";

/**
 * The outbox (SPEC §4.5, CONVENTIONS 11): an explicit, ordered IndexedDB queue of the changes made
 * on this device and not yet merged by the server, each with a client-made `mutation_id`, the
 * device id, the version its maker last saw, and the user who made it. It survives reloads,
 * restarts and app updates (the service worker never touches it). What the screens show of it
 * (the count, the marks waiting) is mirrored in memory for the signed-in user and kept in step
 * across this origin's tabs.
 */

/** A change as the roster makes it; the outbox adds the device, the user and the time. */
export interface OutboxChange {
  session_id: string;
  participant_id: string;
  /** null for a check-in or check-out: the server decides present or late from its time. */
  state: string | null;
  note: string | null;
  action?: CheckAction;
  /** When the person arrived (`check_in`) or left (`check_out`), by this device's clock. */
  at?: string;
  base_version: number | null;
  /** Kept when an online attempt already used one: the server then knows it for the same change. */
  mutation_id?: string;
  /** A walk-in (`participant_id` their placeholder): the mark is theirs, made with them. */
  walk_in?: { name: string };
}

interface OutboxMirror {
  /** Whose outbox is mirrored (the signed-in user, also while offline). */
  userId: string | null;
  /** Their waiting changes, in order. */
  entries: readonly OutboxEntry[];
  /** Changes other users made on this device, waiting for them to sign in again. */
  others: number;
  /** What sync said about their changes that did not go through. */
  notices: readonly SyncNotice[];
}

export const useOutbox = create<OutboxMirror>()(() => ({ userId: null, entries: [], others: 0, notices: [] }));

const CHANNEL = "omni-outbox";
let channel: BroadcastChannel | null = null;

function broadcast(): void {
  if (typeof BroadcastChannel === "undefined") return;
  channel ??= new BroadcastChannel(CHANNEL);
  channel.postMessage("changed");
}

/** Another tab changed the outbox: read it again. Returns the unsubscribe function. */
export function followOtherTabs(): () => void {
  if (typeof BroadcastChannel === "undefined") return () => undefined;
  const listen = new BroadcastChannel(CHANNEL);
  listen.onmessage = () => void reloadOutbox();
  return () => listen.close();
}

/** The user's waiting changes in order, at most `limit`. */
export async function outboxEntries(userId: string, limit?: number): Promise<OutboxEntry[]> {
  const db = await offlineDb();
  return db.getAllFromIndex("outbox", "by_user", userId, limit);
}

async function readMirror(userId: string): Promise<Omit<OutboxMirror, "userId">> {
  const db = await offlineDb();
  const tx = db.transaction(["outbox", "notices"]);
  const [entries, total, notices] = await Promise.all([
    tx.objectStore("outbox").index("by_user").getAll(userId),
    tx.objectStore("outbox").count(),
    tx.objectStore("notices").index("by_user").getAll(userId),
  ]);
  await tx.done;
  return { entries, others: total - entries.length, notices };
}

/** Mirrors this user's outbox (null: nobody is signed in, nothing is shown). */
export async function loadOutbox(userId: string | null): Promise<void> {
  if (userId === null) {
    useOutbox.setState({ userId: null, entries: [], others: 0, notices: [] });
    return;
  }
  useOutbox.setState((state) => (state.userId === userId ? state : { userId, entries: [], others: 0, notices: [] }));
  const mirror = await readMirror(userId);
  // Someone else may have signed in while this was read.
  if (useOutbox.getState().userId === userId) useOutbox.setState(mirror);
}

export function reloadOutbox(): Promise<void> {
  return loadOutbox(useOutbox.getState().userId);
}

/**
 * Puts changes in the outbox, in the order given, for this user. Resolves once they are stored
 * (the mirror shows them at once, so the screen never flickers back to the old value).
 */
export async function addToOutbox(userId: string, changes: readonly OutboxChange[]): Promise<OutboxEntry[]> {
  if (!changes.length) return [];
  const device = await deviceId();
  const now = new Date().toISOString();
  const db = await offlineDb();
  // A walk-in sent meanwhile: a change made on their placeholder's row goes under their real id.
  const resolved = new Map<string, string>();
  const versions = new Map<string, number>();
  for (const { participant_id: id } of changes) {
    if (isPlaceholder(id) && !resolved.has(id)) {
      const real = (await db.get("meta", walkInKey(id))) as string | undefined;
      if (real) resolved.set(id, real);
      const version = (await db.get("meta", walkInVersionKey(id))) as number | undefined;
      if (version !== undefined) versions.set(id, version);
    }
  }
  const entries: OutboxEntry[] = changes.map((change) => {
    const entry: OutboxEntry = {
      mutation_id: change.mutation_id ?? newId(),
      session_id: change.session_id,
      participant_id: resolved.get(change.participant_id) ?? change.participant_id,
      state: change.state,
      note: change.note,
      client_time: now,
      base_version: change.base_version ?? versions.get(change.participant_id) ?? null,
      device_id: device,
      user_id: userId,
    };
    if (change.action === "check_in") return { ...entry, action: "check_in", check_in_at: change.at ?? now };
    if (change.action === "check_out") return { ...entry, action: "check_out", check_out_at: change.at ?? now };
    if (change.walk_in && !resolved.has(change.participant_id)) return { ...entry, walk_in: { name: change.walk_in.name } };
    return entry;
  });
  const tx = db.transaction("outbox", "readwrite");
  const stored = await Promise.all(entries.map(async (entry) => ({ ...entry, seq: await tx.store.add(entry) })));
  await tx.done;
  if (useOutbox.getState().userId === userId) {
    // The newer marks replace a notice about the same person.
    useOutbox.setState((state) => ({ entries: [...state.entries, ...stored] }));
  }
  broadcast();
  return stored;
}

/**
 * Settles sent changes in one transaction: they leave the outbox, and those that did not go
 * through leave a notice for their row. `batchId` is the pending batch that carried them, done.
 */
export async function settleOutbox(
  userId: string,
  mutationIds: readonly string[],
  notices: readonly SyncNotice[],
  batchId: string | null,
): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction(["outbox", "notices", "batches"], "readwrite");
  const byMutation = tx.objectStore("outbox").index("by_mutation");
  await Promise.all(
    mutationIds.map(async (id) => {
      const key = await byMutation.getKey(id);
      if (key !== undefined) await tx.objectStore("outbox").delete(key);
    }),
  );
  await Promise.all(notices.map((notice) => tx.objectStore("notices").put(notice)));
  if (batchId) await tx.objectStore("batches").delete(batchId);
  await tx.done;
  if (useOutbox.getState().userId === userId) {
    const gone = new Set(mutationIds);
    useOutbox.setState((state) => ({
      entries: state.entries.filter((e) => !gone.has(e.mutation_id)),
      notices: [...state.notices.filter((n) => !notices.some((m) => m.mutation_id === n.mutation_id)), ...notices],
    }));
  }
  broadcast();
}

/** The user read a notice (or a newer change or a resolution made it moot). */
export async function dismissNotices(userId: string, mutationIds: readonly string[]): Promise<void> {
  if (!mutationIds.length) return;
  const db = await offlineDb();
  const tx = db.transaction("notices", "readwrite");
  await Promise.all(mutationIds.map((id) => tx.store.delete(id)));
  await tx.done;
  if (useOutbox.getState().userId === userId) {
    const gone = new Set(mutationIds);
    useOutbox.setState((state) => ({ notices: state.notices.filter((n) => !gone.has(n.mutation_id)) }));
  }
  broadcast();
}

/**
 * A walk-in the server has made: their entry leaves the outbox, the changes queued behind it under
 * their placeholder take the server's id, and the placeholder is remembered (a change made on the
 * old row just now finds the real id too) — all in one transaction. Those changes were made on a
 * row with no record yet (`base_version` null); the record the walk-in made is this device's own,
 * so its `version` becomes their base: else the server would take it for someone else's change
 * and answer a conflict.
 */
export async function resolveWalkIn(userId: string, walkInMutationId: string, placeholder: string, participantId: string, version: number): Promise<void> {
  const resolve = (entry: OutboxEntry): OutboxEntry =>
    entry.participant_id === placeholder ? { ...entry, participant_id: participantId, base_version: entry.base_version ?? version } : entry;
  const db = await offlineDb();
  const tx = db.transaction(["outbox", "meta"], "readwrite");
  const outbox = tx.objectStore("outbox");
  const key = await outbox.index("by_mutation").getKey(walkInMutationId);
  if (key !== undefined) await outbox.delete(key);
  let cursor = await outbox.index("by_user").openCursor(userId);
  while (cursor) {
    if (cursor.value.participant_id === placeholder) await cursor.update(resolve(cursor.value));
    cursor = await cursor.continue();
  }
  await tx.objectStore("meta").put(participantId, walkInKey(placeholder));
  await tx.objectStore("meta").put(version, walkInVersionKey(placeholder));
  await tx.done;
  if (useOutbox.getState().userId === userId) {
    useOutbox.setState((state) => ({
      entries: state.entries
        .filter((e) => e.mutation_id !== walkInMutationId)
        .map(resolve),
    }));
  }
  broadcast();
}

/** How many changes this user has waiting (from the database, not the mirror). */
export async function outboxCount(userId: string): Promise<number> {
  const db = await offlineDb();
  return db.countFromIndex("outbox", "by_user", userId);
}
