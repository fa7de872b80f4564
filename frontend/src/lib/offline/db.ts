import { openDB, type DBSchema, type IDBPDatabase } from "idb";

/**
 * The app's IndexedDB (SPEC §4.5): the outbox of changes not yet sent, the batch being sent, the
 * data cached to work offline and what sync had to say about a change. Everything but the device
 * id belongs to one user (`user_id`), so that nothing of one user is shown or sent under another.
 */

/** A check-in or check-out: the server decides the state (present, or late) from the time. */
export type CheckAction = "check_in" | "check_out";

/** A change recorded on this device and not yet merged by the server (one mark of one person). */
export interface OutboxEntry {
  /** Order of recording: the outbox is sent in this order. */
  seq?: number;
  mutation_id: string;
  session_id: string;
  participant_id: string;
  /** The state marked; null for a check-in or check-out (`action`), whose state the server decides. */
  state: string | null;
  note: string | null;
  /** A check-in or check-out rather than a mark; its time is `check_in_at` or `check_out_at`. */
  action?: CheckAction;
  /** The device's clock when the person arrived or left. */
  check_in_at?: string;
  check_out_at?: string;
  /**
   * Someone added on the spot (a walk-in): sent on its own to POST /api/sessions/{id}/walk-ins with
   * `mutation_id` as its Idempotency-Key (so it is made once, however often it is sent), with
   * `state` and `note` as their mark. `participant_id` is a placeholder until then.
   */
  walk_in?: { name: string };
  /** The device's clock when the change was made (ISO 8601). */
  client_time: string;
  /** The record version the device last saw; null: it saw none. */
  base_version: number | null;
  device_id: string;
  /** Who made it: it is sent only while this same user is signed in. */
  user_id: string;
}

/**
 * A batch handed to the server, kept until its outcomes are in: after a lost answer it is sent
 * again byte for byte with the same Idempotency-Key (`id`), so the server answers with the batch
 * it already has instead of making a second one.
 */
export interface PendingBatch {
  id: string;
  user_id: string;
  /** The request body exactly as sent. */
  body: string;
  mutation_ids: string[];
  /** The server's id, once it has answered. */
  batch_id: string | null;
  created_at: string;
}

/** Something kept for offline use: a roster, the domains, today's sessions… */
export interface CacheEntry {
  /** `${user_id}|${name}` */
  key: string;
  user_id: string;
  name: string;
  value: unknown;
  saved_at: string;
}

/** What sync said about one of this user's changes that did not go through. */
export interface SyncNotice {
  mutation_id: string;
  user_id: string;
  session_id: string;
  participant_id: string;
  outcome: "conflict" | "rejected";
  state: string | null;
  /** The change was a check-in or check-out (then `state` is null). */
  action?: CheckAction;
  note: string | null;
  reason: string | null;
  conflict_id: string | null;
  at: string;
}

interface OfflineSchema extends DBSchema {
  meta: { key: string; value: unknown };
  outbox: { key: number; value: OutboxEntry; indexes: { by_user: string; by_mutation: string } };
  batches: { key: string; value: PendingBatch; indexes: { by_user: string } };
  cache: { key: string; value: CacheEntry; indexes: { by_user: string } };
  notices: { key: string; value: SyncNotice; indexes: { by_user: string } };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export const DB_NAME = "omnipresence";
const DB_VERSION = 1;

let opening: Promise<OfflineDb> | null = null;

/** The database, opened once per page. New versions only ever add stores: an update never drops the outbox. */
export function offlineDb(): Promise<OfflineDb> {
  opening ??= openDB<OfflineSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore("meta");
        const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
        outbox.createIndex("by_user", "user_id");
        outbox.createIndex("by_mutation", "mutation_id", { unique: true });
        db.createObjectStore("batches", { keyPath: "id" }).createIndex("by_user", "user_id");
        db.createObjectStore("cache", { keyPath: "key" }).createIndex("by_user", "user_id");
        db.createObjectStore("notices", { keyPath: "mutation_id" }).createIndex("by_user", "user_id");
      }
    },
    // Another tab holds an older version open and a newer app wants to upgrade: let go, so the
    // upgrade (which only adds) can run; this page opens it again on its next use.
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** Tests: forget the open database (fake-indexeddb is replaced between tests). */
export async function closeOfflineDb(): Promise<void> {
  const db = opening;
  opening = null;
  if (db) (await db.catch(() => null))?.close();
}

/** True where this browser has IndexedDB at all (tests without it, very old browsers). */
export function hasIndexedDb(): boolean {
  return typeof indexedDB !== "undefined";
}
