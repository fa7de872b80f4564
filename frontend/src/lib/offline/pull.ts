import { offlineDb } from "./db";
import { cursorKey } from "./cache";
import { dismissNotices, useOutbox } from "./outbox";
import type { SyncApi, SyncedRecord } from "./sync-api";

/** A roster as kept for offline use: only what the pull touches. */
interface CachedRoster {
  items: { participant: { id: string }; record: SyncedRecord | null }[];
  counts?: Record<string, number>;
}

const PAGE = 1000;
/** The feed's cursor for "from now on" (no items). */
const LATEST = "latest";
/** Pages per pull: a device far behind catches up over a few pulls rather than in one long one. */
const MAX_PAGES = 20;

type Listener = (records: readonly SyncedRecord[]) => void;
const listeners = new Set<Listener>();

/** Screens showing records (an open roster) hear what a pull brought. Returns the unsubscribe. */
export function onPulled(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function newer(current: SyncedRecord | null, incoming: SyncedRecord): boolean {
  return !current || current.version < incoming.version;
}

/** The roster with these records put in, and its counts made again; null when nothing changed. */
export function applyToRoster<R extends CachedRoster>(roster: R, records: readonly SyncedRecord[]): R | null {
  const byParticipant = new Map(records.map((r) => [r.participant_id, r]));
  let changed = false;
  const items = roster.items.map((item) => {
    const record = byParticipant.get(item.participant.id);
    if (!record || !newer(item.record, record)) return item;
    changed = true;
    return { ...item, record };
  });
  if (!changed) return null;
  const counts: Record<string, number> = { unmarked: 0 };
  for (const item of items) {
    const key = item.record?.state ?? "unmarked";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { ...roster, items, counts };
}

/** Puts pulled records into this user's cached rosters (only those opened before). */
export async function applyToCachedRosters(userId: string, records: readonly SyncedRecord[]): Promise<void> {
  const bySession = new Map<string, SyncedRecord[]>();
  for (const record of records) {
    const list = bySession.get(record.session_id) ?? [];
    // The feed is in commit order: a later item for the same record is its newer version.
    list.push(record);
    bySession.set(record.session_id, list);
  }
  const db = await offlineDb();
  const tx = db.transaction("cache", "readwrite");
  await Promise.all(
    [...bySession].map(async ([sessionId, list]) => {
      const key = `${userId}|roster:${sessionId}`;
      const entry = await tx.store.get(key);
      if (!entry) return;
      const updated = applyToRoster(entry.value as CachedRoster, list);
      if (updated) await tx.store.put({ ...entry, value: updated });
    }),
  );
  await tx.done;
}

/**
 * Brings the device up to date (SPEC §4.5 step 5): what changed since this user's cursor, in commit
 * order, goes into the cached rosters and to the open screens; the cursor is kept after each page,
 * so an interrupted pull resumes where it stopped. A conflict settled by an administrator clears
 * the notice on its row. Returns how many records came.
 */
export async function pullChanges(userId: string, api: SyncApi): Promise<number> {
  const db = await offlineDb();
  let cursor = ((await db.get("meta", cursorKey(userId))) as string | undefined) ?? null;
  // Nothing kept for this user on this device yet: nothing to bring up to date, so the feed starts
  // now instead of reading the whole history (what is opened from here on is read fresh).
  if (cursor === null && !(await hasCachedRosters(userId))) cursor = LATEST;
  let total = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await api.getChanges(cursor, PAGE);
    if (answer.items.length) {
      await applyToCachedRosters(userId, answer.items);
      for (const listener of listeners) listener(answer.items);
      await clearSettledConflicts(userId, answer.items);
    }
    await db.put("meta", answer.cursor, cursorKey(userId));
    total += answer.items.length;
    if (answer.items.length < PAGE || answer.cursor === cursor) break;
    cursor = answer.cursor;
  }
  return total;
}

async function hasCachedRosters(userId: string): Promise<boolean> {
  const db = await offlineDb();
  const prefix = `${userId}|roster:`;
  return (await db.count("cache", IDBKeyRange.bound(prefix, `${prefix}\uffff`))) > 0;
}

/**
 * A conflict an administrator settled clears its notice on the row, whichever way the settled record
 * came: a pull, or the live roster (which shows it first).
 */
export async function clearSettledConflicts(userId: string, records: readonly Pick<SyncedRecord, "session_id" | "participant_id" | "source">[]): Promise<void> {
  const { userId: shown, notices } = useOutbox.getState();
  if (shown !== userId || !notices.length) return;
  const settled = records.filter((r) => r.source === "conflict_resolution");
  const moot = notices.filter(
    (n) => n.outcome === "conflict" && settled.some((r) => r.session_id === n.session_id && r.participant_id === n.participant_id),
  );
  await dismissNotices(userId, moot.map((n) => n.mutation_id));
}
