// The IndexedDB globals (IDBRequest, IDBKeyRange…) that idb needs, faked in memory.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { closeOfflineDb } from "@/lib/offline/db";
import { forgetDeviceId } from "@/lib/offline/device";
import { forgetDeviceName } from "@/lib/offline/device-name";
import { useOutbox } from "@/lib/offline/outbox";

/**
 * A fresh, empty IndexedDB (fake-indexeddb) for each test, and the offline modules' memory of
 * the last one forgotten. `reopen` is a page reload: the same database, opened afresh.
 */
export async function freshOfflineDb(): Promise<void> {
  await reopenOfflineDb();
  globalThis.indexedDB = new IDBFactory();
  useOutbox.setState({ userId: null, entries: [], others: 0, notices: [] });
}

export async function reopenOfflineDb(): Promise<void> {
  await closeOfflineDb();
  forgetDeviceId();
  forgetDeviceName();
}
