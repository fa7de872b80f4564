import type { SessionUser } from "@/lib/auth-session";
import { useAuthSession } from "@/lib/auth-session";
import { NetworkError } from "@/lib/problem";
import { offlineDb, hasIndexedDb, type OfflineDb } from "./db";
import { useConnectivity } from "./connectivity";

/**
 * What the screens need offline — rosters opened before, the domains with their states and words,
 * the organization, today's sessions — kept per user in IndexedDB and removed at sign-out.
 */

const OFFLINE_USER = "offline-user";
const cacheKey = (userId: string, name: string) => `${userId}|${name}`;
export const cursorKey = (userId: string) => `cursor:${userId}`;

export async function writeCache(userId: string, name: string, value: unknown): Promise<void> {
  const db = await offlineDb();
  await db.put("cache", { key: cacheKey(userId, name), user_id: userId, name, value, saved_at: new Date().toISOString() });
}

export async function readCache<T>(userId: string, name: string): Promise<T | undefined> {
  const db = await offlineDb();
  return (await db.get("cache", cacheKey(userId, name)))?.value as T | undefined;
}

/**
 * A query's fetcher that also works offline: the answer is kept for this user, and when the
 * network fails (or the page was opened offline, with no login session to ask with) the kept
 * answer is used instead. With nothing kept, the network's error stands.
 */
export async function offlineFirst<T>(name: string, fetcher: () => Promise<T>): Promise<T> {
  const { status, user } = useAuthSession.getState();
  if (!user || !hasIndexedDb()) return fetcher();
  if (status === "offline") {
    const kept = await readCache<T>(user.id, name).catch(() => undefined);
    if (kept === undefined) throw new NetworkError();
    return kept;
  }
  try {
    const value = await fetcher();
    useConnectivity.getState().reachable();
    // Not awaited: the screen need not wait for the copy (and a full disk only loses the copy).
    void writeCache(user.id, name, value).catch(() => undefined);
    return value;
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    useConnectivity.getState().unreachable();
    const kept = await readCache<T>(user.id, name).catch(() => undefined);
    if (kept === undefined) throw error;
    return kept;
  }
}

/** Remembers who is signed in, so that a page opened with no network can show their data. */
export async function saveOfflineUser(user: SessionUser): Promise<void> {
  const db = await offlineDb();
  await db.put("meta", user, OFFLINE_USER);
}

export async function loadOfflineUser(): Promise<SessionUser | null> {
  if (!hasIndexedDb()) return null;
  const db = await offlineDb();
  return ((await db.get("meta", OFFLINE_USER)) as SessionUser | undefined) ?? null;
}

/**
 * Sign-out: this user's cached data goes (rosters, notices, and who they were), but never the
 * outbox — changes wait for the same user to sign in again and are sent only then. The pull's
 * cursor stays too: it holds no data, only a place in the change feed, and without it the next
 * sign-in would read the user's whole history again.
 */
export async function forgetUserData(userId: string): Promise<void> {
  const db: OfflineDb = await offlineDb();
  const tx = db.transaction(["cache", "notices", "meta"], "readwrite");
  const cached = await tx.objectStore("cache").index("by_user").getAllKeys(userId);
  const notices = await tx.objectStore("notices").index("by_user").getAllKeys(userId);
  await Promise.all([
    ...cached.map((key) => tx.objectStore("cache").delete(key)),
    ...notices.map((key) => tx.objectStore("notices").delete(key)),
  ]);
  const offlineUser = (await tx.objectStore("meta").get(OFFLINE_USER)) as SessionUser | undefined;
  if (offlineUser?.id === userId) await tx.objectStore("meta").delete(OFFLINE_USER);
  await tx.done;
}

/** Another user signed in here: what earlier users left cached goes (their outboxes and cursors stay). */
export async function forgetOtherUsersData(keepUserId: string): Promise<void> {
  const db = await offlineDb();
  const tx = db.transaction(["cache", "notices"], "readwrite");
  const [cachedKeys, notices] = await Promise.all([tx.objectStore("cache").getAllKeys(), tx.objectStore("notices").getAll()]);
  await Promise.all([
    ...cachedKeys.filter((key) => !key.startsWith(`${keepUserId}|`)).map((key) => tx.objectStore("cache").delete(key)),
    ...notices.filter((n) => n.user_id !== keepUserId).map((n) => tx.objectStore("notices").delete(n.mutation_id)),
  ]);
  await tx.done;
}
