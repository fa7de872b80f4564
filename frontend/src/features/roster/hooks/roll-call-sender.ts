import { useAuthSession } from "@/lib/auth-session";
import { useConnectivity } from "@/lib/offline/connectivity";
import { deviceIdIfKnown } from "@/lib/offline/device";
import { addToOutbox, useOutbox, type OutboxChange } from "@/lib/offline/outbox";
import { requestSync } from "@/lib/offline/sync-manager";
import { ApiError, NetworkError } from "@/lib/problem";

/**
 * How one change from the roster leaves the device (SPEC §4.5), with no React in it: online with
 * retries, or into the outbox — when the page is offline, when older changes still wait there (a
 * newer one must not overtake them), or when the online attempt could not reach the server — and a
 * colleague's newer mark (409) told apart from a refusal. The hook decides what the screen shows.
 */

/** What became of a change. */
export type SendOutcome<T> =
  /** The server took it and answered. */
  | { kind: "saved"; value: T }
  /** Kept on this device, to be sent when the connection is back. */
  | { kind: "queued" }
  /** 409: the record moved on since the screen showed it; `current` is the server's (a record, or a list). */
  | { kind: "conflict"; error: ApiError; current: unknown }
  /** Refused, or could not even be kept. */
  | { kind: "failed"; error: unknown };

/** What the sender needs from the world; tests pass their own. */
export interface SenderPorts {
  /** The signed-in user (or the device's last one while offline): the outbox is theirs. */
  userId(): string | undefined;
  /** Changes go straight to the outbox: offline, or this user's older changes still wait there. */
  queueing(userId: string): boolean;
  /** Puts changes in the user's outbox and asks sync to send them. */
  queue(userId: string, changes: readonly OutboxChange[]): Promise<void>;
  /** This device's id for the `X-Omni-Device` header, once it has been read. */
  device(): string | undefined;
  /** Whether the browser believes it is online at all (no point retrying when it says no). */
  browserOnline(): boolean;
  /** A request failed for want of a network: the app shows itself offline. */
  unreachable(): void;
  sleep(ms: number): Promise<void>;
}

/** Waits between the tries of one request after a lost connection or a server error. */
export const RETRY_DELAYS_MS = [400, 1500];

export const browserPorts: SenderPorts = {
  userId: () => useAuthSession.getState().user?.id,
  queueing: (userId) =>
    useAuthSession.getState().status === "offline" ||
    !useConnectivity.getState().online ||
    (useOutbox.getState().userId === userId && useOutbox.getState().entries.length > 0),
  queue: async (userId, changes) => {
    await addToOutbox(userId, changes);
    requestSync();
  },
  device: deviceIdIfKnown,
  browserOnline: () => navigator.onLine !== false,
  unreachable: () => useConnectivity.getState().unreachable(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Worth sending again: a lost connection (unless the browser knows it is offline) or a server error. */
export function retriable(error: unknown, browserOnline = true): boolean {
  if (error instanceof NetworkError) return browserOnline;
  return error instanceof ApiError && error.status >= 500;
}

/**
 * A change that could not be sent now — no network, the server unavailable, or the login ended
 * meanwhile — is not lost: it goes to the outbox and is sent by sync later.
 */
export function keepForLater(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof ApiError && (error.status >= 500 || error.status === 401));
}

/**
 * Sends the same request again after a lost connection or a server error. Safe: every request
 * carries its mutation id (or Idempotency-Key), so the server applies it at most once.
 */
export async function withRetry<T>(send: () => Promise<T>, ports: Pick<SenderPorts, "browserOnline" | "sleep"> = browserPorts): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= RETRY_DELAYS_MS.length || !retriable(error, ports.browserOnline())) throw error;
      await ports.sleep(RETRY_DELAYS_MS[attempt]!);
    }
  }
}

/** The server's value a 409 carries (`current`: a record, or the records that moved on). */
export function currentOf(error: ApiError): unknown {
  return (error.body as { current?: unknown } | undefined)?.current;
}

export interface Change<T> {
  /** What goes to the outbox if the change cannot go online (with the mutation id it was tried with). */
  changes: readonly OutboxChange[];
  /** The online request, given this device's id. */
  online: (device: string | undefined) => Promise<T>;
  /** Never online: it names someone the server does not know yet (a walk-in still in the outbox). */
  offlineOnly?: boolean;
}

/**
 * Sends one change: to the outbox when queueing, else online with retries, and to the outbox after
 * all when the network or the server let it down (with the same mutation id: had the server applied
 * it after all, sync finds it a duplicate).
 */
export async function sendChange<T>({ changes, online, offlineOnly = false }: Change<T>, ports: SenderPorts = browserPorts): Promise<SendOutcome<T>> {
  const userId = ports.userId();
  if (offlineOnly && !userId) return { kind: "failed", error: new Error("No one is signed in to keep the change for.") };
  try {
    if (userId && (offlineOnly || ports.queueing(userId))) {
      await ports.queue(userId, changes);
      return { kind: "queued" };
    }
    return { kind: "saved", value: await withRetry(() => online(ports.device()), ports) };
  } catch (error) {
    if (userId && keepForLater(error)) {
      if (error instanceof NetworkError) ports.unreachable();
      try {
        await ports.queue(userId, changes);
        return { kind: "queued" };
      } catch (stored) {
        return { kind: "failed", error: stored };
      }
    }
    if (error instanceof ApiError && error.status === 409) return { kind: "conflict", error, current: currentOf(error) };
    return { kind: "failed", error };
  }
}
