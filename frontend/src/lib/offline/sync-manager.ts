import { apiClient, type ApiClient } from "@/lib/api-client";
import { useAuthSession, type SessionUser } from "@/lib/auth-session";
import { ApiError, NetworkError } from "@/lib/problem";
import { forgetOtherUsersData, forgetUserData, saveOfflineUser } from "./cache";
import { useConnectivity } from "./connectivity";
import { hasIndexedDb } from "./db";
import { followOtherTabs, loadOutbox, outboxCount, useOutbox } from "./outbox";
import { pullChanges } from "./pull";
import { sendOutbox } from "./sender";
import { useSyncStatus } from "./status";
import { syncApi, type SyncApi } from "./sync-api";

/** The Web Lock under which one tab at a time sends the outbox. */
export const OUTBOX_LOCK = "omni-outbox";
/** After a failed round, try again after these (then every minute). */
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000, 60_000];
/** Look for colleagues' changes this often while the page is shown; more often while a conflict waits. */
const PULL_EVERY_MS = 30_000;
const PULL_EVERY_WHILE_CONFLICTS_MS = 10_000;
/** With the page opened offline, ask for the login session again this often. */
const RECONNECT_EVERY_MS = 15_000;

export interface OfflineSyncOptions {
  client?: ApiClient;
  api?: SyncApi;
}

let kickNow: (() => void) | null = null;

/** Send the outbox (and pull) soon: a change was just queued, or the user asked. */
export function requestSync(): void {
  kickNow?.();
}

type LockRequest = (callback: (lock: unknown) => Promise<void>) => Promise<void>;

function outboxLock(): LockRequest {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return (callback) => callback(true);
  // A tab that finds another one sending waits its turn, then finds the outbox (nearly) empty: it
  // never skips, so a change queued here just after the other tab's last look is not left behind.
  return (callback) => locks.request(OUTBOX_LOCK, callback) as unknown as Promise<void>;
}

/** Roles that record presence, and so may have changes waiting (SPEC §1). */
function records(user: SessionUser): boolean {
  return user.role === "admin" || user.role === "frontline";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs offline sync for the app: mirrors the signed-in user's outbox, remembers the user for a page
 * opened offline (and forgets their cached data at sign-out, never their outbox), picks the login
 * session up again when the network returns, sends the outbox under a Web Lock — on reconnect, when
 * a request succeeds again, after a change was queued, and periodically with backoff — and pulls
 * colleagues' changes while the page is shown. Returns a function that stops it all.
 */
export function startOfflineSync({ client = apiClient, api = syncApi }: OfflineSyncOptions = {}): () => void {
  if (!hasIndexedDb()) return () => undefined;
  const withLock = outboxLock();
  let running = false;
  let again = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pullTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedulePull = () => {
    clearTimeout(pullTimer);
    if (stopped) return;
    const waiting = useOutbox.getState().notices.some((n) => n.outcome === "conflict");
    pullTimer = setTimeout(() => {
      if (document.visibilityState === "visible") kick();
      else schedulePull();
    }, waiting ? PULL_EVERY_WHILE_CONFLICTS_MS : PULL_EVERY_MS);
  };

  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    if (stopped) return;
    retryTimer = setTimeout(kick, RETRY_DELAYS_MS[Math.min(failures - 1, RETRY_DELAYS_MS.length - 1)]);
  };

  async function reconnect(): Promise<void> {
    clearTimeout(reconnectTimer);
    const result = await client.refreshSession({ background: true });
    if (result.outcome === "rejected") {
      // The login ended while away: sign in again; the outbox waits for the same user.
      useAuthSession.getState().signedOut("ended");
    } else if (result.outcome === "unavailable" && !stopped && useAuthSession.getState().status === "offline") {
      reconnectTimer = setTimeout(() => void reconnect(), RECONNECT_EVERY_MS);
    }
  }

  async function round(user: SessionUser): Promise<void> {
    const waiting = await outboxCount(user.id);
    if (!waiting) {
      await pullChanges(user.id, api);
      useConnectivity.getState().reachable();
      return;
    }
    useSyncStatus.setState({ phase: "sending", progress: { total: waiting, done: 0, percent: 0 }, summary: null, error: null });
    try {
      const summary = await sendOutbox(user.id, {
        api,
        pull: () => pullChanges(user.id, api),
        onProgress: (progress) => useSyncStatus.setState({ progress }),
      });
      const handled = summary.saved + summary.conflicts.length + summary.rejected.length;
      useSyncStatus.setState({ summary: handled ? summary : null });
      useConnectivity.getState().reachable();
    } finally {
      useSyncStatus.setState({ phase: "idle", progress: null });
    }
  }

  async function run(): Promise<void> {
    const { status, user } = useAuthSession.getState();
    if (!user) return;
    if (status === "offline") return reconnect();
    // Only those who record have an outbox and cached rolls to keep up to date: a manager's or a
    // participant's page makes no sync requests at all.
    if (status !== "signedIn" || !records(user)) return;
    try {
      await withLock(async (lock) => {
        if (!lock) return;
        await round(user);
      });
      failures = 0;
      clearTimeout(retryTimer);
    } catch (error) {
      failures += 1;
      if (error instanceof NetworkError) useConnectivity.getState().unreachable();
      else if (error instanceof ApiError && error.status === 401) return; // the login ended: wait for it
      else useSyncStatus.setState({ error: describe(error) });
      if (useOutbox.getState().entries.length) scheduleRetry();
    }
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void run().finally(() => {
      running = false;
      schedulePull();
      if (again) {
        again = false;
        kick();
      }
    });
  }
  kickNow = kick;

  const onUser = (user: SessionUser | null, previous: SessionUser | null, status: string, endedReason: string | null) => {
    if (user?.id !== previous?.id) void loadOutbox(user?.id ?? null);
    if (status === "signedIn" && user) {
      void saveOfflineUser(user)
        .then(() => forgetOtherUsersData(user.id))
        .catch(() => undefined);
      // Ask the browser to keep this origin's storage under pressure: the outbox lives there.
      if (records(user)) void navigator.storage?.persist?.().catch(() => false);
      kick();
    } else if (status === "offline") {
      void reconnect();
    }
    if (status === "signedOut" && previous && endedReason === "signedOut") {
      // Signed out: cached data goes; the outbox stays for the same user. (A login that ended on
      // its own keeps it: the user may go on offline, and signs in again to send.)
      void forgetUserData(previous.id).catch(() => undefined);
      useSyncStatus.setState({ phase: "idle", progress: null, summary: null, error: null });
    }
  };

  const unsubscribeAuth = useAuthSession.subscribe((state, previous) => {
    if (state.status !== previous.status || state.user?.id !== previous.user?.id) {
      onUser(state.user, previous.user, state.status, state.endedReason);
    }
  });
  const initial = useAuthSession.getState();
  onUser(initial.user, null, initial.status, null);

  // A request got through again after a failure: the network is back.
  const unsubscribeConnectivity = useConnectivity.subscribe((state, previous) => {
    if (state.online && !previous.online) kick();
  });
  const onOnline = () => kick();
  const onOffline = () => useConnectivity.getState().unreachable();
  const onVisible = () => {
    if (document.visibilityState === "visible") kick();
  };
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  document.addEventListener("visibilitychange", onVisible);
  const unfollow = followOtherTabs();

  return () => {
    stopped = true;
    kickNow = null;
    clearTimeout(retryTimer);
    clearTimeout(pullTimer);
    clearTimeout(reconnectTimer);
    unsubscribeAuth();
    unsubscribeConnectivity();
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    document.removeEventListener("visibilitychange", onVisible);
    unfollow();
  };
}
