import { newId } from "./ids";
import { hasIndexedDb, offlineDb } from "./db";

const DEVICE_KEY = "device-id";
let known: Promise<string> | null = null;
let resolved: string | undefined;

/**
 * This browser's device id, made once and kept in IndexedDB (not per user: it names the device).
 * The server never takes a device's own later change for a conflict with its earlier one, so it
 * must stay the same across reloads, restarts and app updates.
 */
export function deviceId(): Promise<string> {
  known ??= (async () => {
    const db = await offlineDb();
    const tx = db.transaction("meta", "readwrite");
    const existing = (await tx.store.get(DEVICE_KEY)) as string | undefined;
    if (existing) {
      await tx.done;
      return existing;
    }
    const id = newId();
    // In one transaction: two tabs starting at once cannot each make their own.
    await tx.store.put(id, DEVICE_KEY);
    await tx.done;
    return id;
  })().then((id) => (resolved = id)).catch((error: unknown) => {
    known = null;
    throw error;
  });
  return known;
}

/**
 * The device id if it was read already, without waiting (undefined: not yet, and the reading is
 * started). For requests that must not wait on IndexedDB, such as an online mark.
 */
export function deviceIdIfKnown(): string | undefined {
  if (resolved === undefined && hasIndexedDb()) void deviceId().catch(() => undefined);
  return resolved;
}

/** Tests: forget the id read before (the fake database is replaced between tests). */
export function forgetDeviceId(): void {
  known = null;
  resolved = undefined;
}
