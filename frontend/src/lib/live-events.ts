import { fetchEventSource, EventStreamContentType } from "@microsoft/fetch-event-source";
import { useEffect, useRef, useState } from "react";
import { apiClient, BACKGROUND_HEADER } from "./api-client";
import { useAuthSession } from "./auth-session";
import { useConnectivity } from "./offline/connectivity";
import { parseRetryAfter } from "./problem";

/**
 * Live updates (SPEC §4.3, §8 `GET /api/events`): server-sent events read with fetch, so the
 * access token goes in the Authorization header as with every call (EventSource cannot send one).
 *
 * - `connecting`: opening for the first time;
 * - `live`: open, events arrive as they happen;
 * - `reconnecting`: the connection was lost; it is opened again with a growing pause, and what
 *   was missed comes first (`Last-Event-ID`);
 * - `paused`: the page has been hidden a while, so the stream was let go; it resumes on return;
 * - `unavailable`: the server refused for good (the session is not there for this user);
 * - `ended`: the login session ended.
 */
export type LiveStatus = "connecting" | "live" | "reconnecting" | "paused" | "unavailable" | "ended";

export interface LiveEvent {
  /** The change-feed position (empty for events without one). */
  id: string;
  event: string;
  data: unknown;
}

export interface LiveStreamOptions {
  /** Whose session's roster to follow; without one only the caller's own notifications come. */
  sessionId?: string;
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  /**
   * The stream opened; `resumed` when it picked up after an earlier one (the server then sends
   * what was missed first). A first open may come after data was read: the caller reads it again.
   */
  onOpen?: (resumed: boolean) => void;
  /** How long a hidden page keeps its stream before letting it go (ms). */
  hiddenGraceMs?: number;
  /** Pauses between tries (ms): the first, and the most. */
  backoff?: { first: number; max: number };
}

/** Stops for good (not found, forbidden, signed out). */
class Fatal extends Error {
  constructor(readonly status: LiveStatus) {
    super(status);
  }
}

/** Try again, after this long (or the usual backoff when null). */
class Again extends Error {
  constructor(readonly delay: number | null = null) {
    super("again");
  }
}

const DEFAULT_BACKOFF = { first: 1000, max: 30_000 };

/** The pause before try `attempt` (1, 2, …): doubling from `first` up to `max`, with jitter. */
export function backoffDelay(attempt: number, { first, max }: { first: number; max: number } = DEFAULT_BACKOFF, random = Math.random): number {
  const base = Math.min(max, first * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

function parseData(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Opens `GET /api/events` and keeps it open until the returned function is called: reconnects
 * with backoff (at once when the network comes back), resumes with the last event's id, lets the
 * stream go while the page is hidden longer than `hiddenGraceMs`, and refreshes the access token
 * when the server says it is stale.
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const { sessionId, hiddenGraceMs = 15_000, backoff = DEFAULT_BACKOFF } = options;
  const url = sessionId ? `/api/events?${new URLSearchParams({ session_id: sessionId })}` : "/api/events";
  let lastId: string | null = null;
  let opened = false;
  let attempt = 0;
  let controller: AbortController | null = null;
  let status: LiveStatus | null = null;
  let hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };

  const streamFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    // The library drops its own Last-Event-ID on events without an id; this one is kept here.
    headers.delete("last-event-id");
    if (lastId) headers.set("Last-Event-ID", lastId);
    const token = useAuthSession.getState().accessToken;
    if (token) headers.set("Authorization", `Bearer ${token}`);
    // Watching is not activity: it must not keep an idle login session alive (SPEC §3.2).
    headers.set(BACKGROUND_HEADER, "1");
    return globalThis.fetch(input, { ...init, headers, credentials: "same-origin" });
  };

  /** A stale or expired token: one refresh; a refused one ends the login session. */
  const refresh = async () => {
    const refreshed = await apiClient.refreshSession({ background: true });
    if (refreshed.outcome === "rejected") {
      useAuthSession.getState().signedOut("ended");
      throw new Fatal("ended");
    }
    throw new Again(refreshed.outcome === "refreshed" ? 0 : null);
  };

  const start = () => {
    if (stopped) return;
    controller?.abort();
    const current = new AbortController();
    controller = current;
    setStatus(opened ? "reconnecting" : "connecting");
    void fetchEventSource(url, {
      signal: current.signal,
      fetch: streamFetch,
      // Visibility is handled here, with a grace period (the library would drop it at once).
      openWhenHidden: true,
      async onopen(response) {
        const type = response.headers.get("content-type") ?? "";
        if (response.ok && type.startsWith(EventStreamContentType)) {
          const resumed = opened;
          opened = true;
          attempt = 0;
          setStatus("live");
          options.onOpen?.(resumed);
          return;
        }
        if (response.status === 401) return refresh();
        if (response.status === 429 || response.status >= 500) {
          const seconds = parseRetryAfter(response.headers.get("Retry-After"));
          throw new Again(seconds === null ? null : seconds * 1000);
        }
        throw new Fatal("unavailable");
      },
      onmessage(message) {
        if (message.id) lastId = message.id;
        if (message.event === "end") {
          // The login session ended, or the token expired: a refresh tells which.
          throw new Again(0);
        }
        if (!message.event && !message.data) return;
        options.onEvent({ id: message.id, event: message.event || "message", data: parseData(message.data) });
      },
      onclose() {
        // The server let go (a restart, a deploy): open again.
        throw new Again();
      },
      onerror(error) {
        if (error instanceof Fatal) {
          setStatus(error.status);
          throw error;
        }
        attempt += 1;
        setStatus("reconnecting");
        const usual = backoffDelay(attempt, backoff);
        // "At once" only the first time: a token refused again and again must not spin.
        if (error instanceof Again && error.delay !== null) return attempt > 2 ? Math.max(error.delay, usual) : error.delay;
        return usual;
      },
    }).catch(() => undefined);
  };

  const pause = () => {
    controller?.abort();
    controller = null;
    setStatus("paused");
  };

  const onVisibility = () => {
    clearTimeout(hiddenTimer);
    if (document.visibilityState === "hidden") {
      hiddenTimer = setTimeout(pause, hiddenGraceMs);
    } else if (status === "paused") {
      start();
    }
  };
  const onOnline = () => {
    if (status === "reconnecting") {
      attempt = 0;
      start();
    }
  };

  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("online", onOnline);
  if (document.visibilityState === "hidden") pause();
  else start();

  return () => {
    stopped = true;
    clearTimeout(hiddenTimer);
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("online", onOnline);
    controller?.abort();
    controller = null;
  };
}

/**
 * Follows a session's live events while the component is mounted (and `sessionId` is set); the
 * latest `onEvent`/`onOpen` are called, so callers need not memoise them. Returns the status.
 */
export function useLiveStream(
  sessionId: string | null | undefined,
  onEvent: (event: LiveEvent) => void,
  { onOpen, enabled = true }: { onOpen?: (resumed: boolean) => void; enabled?: boolean } = {},
): LiveStatus | null {
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const handlers = useRef({ onEvent, onOpen });
  useEffect(() => {
    handlers.current = { onEvent, onOpen };
  });
  const signedIn = useAuthSession((state) => state.status === "signedIn");
  // Known to be offline: nothing to open until an answer comes again (the offline sync notices).
  const online = useConnectivity((state) => state.online);
  const active = Boolean(sessionId) && enabled && signedIn && online;
  useEffect(() => {
    if (!active || !sessionId) return;
    const close = openLiveStream({
      sessionId,
      onEvent: (event) => handlers.current.onEvent(event),
      onOpen: (resumed) => handlers.current.onOpen?.(resumed),
      onStatus: setStatus,
    });
    return () => {
      close();
      setStatus(null);
    };
  }, [active, sessionId]);
  return active ? status : null;
}

/**
 * Follows several sessions at once (Today, the dashboards): one stream per session, opened and
 * closed as the list changes. `onEvent` hears each with its session's id. The status is the
 * worst of them: any reconnecting → reconnecting; all live → live.
 */
export function useLiveSessions(
  sessionIds: readonly string[],
  onEvent: (sessionId: string, event: LiveEvent) => void,
  { enabled = true }: { enabled?: boolean } = {},
): LiveStatus | null {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, LiveStatus>>(() => new Map());
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  const signedIn = useAuthSession((state) => state.status === "signedIn");
  const online = useConnectivity((state) => state.online);
  const active = enabled && signedIn && online;
  const ids = [...new Set(sessionIds)].sort().join(",");
  useEffect(() => {
    if (!active || !ids) return;
    const closers = ids.split(",").map((sessionId) =>
      openLiveStream({
        sessionId,
        onEvent: (event) => handler.current(sessionId, event),
        onStatus: (status) => setStatuses((current) => new Map(current).set(sessionId, status)),
      }),
    );
    return () => {
      for (const close of closers) close();
      setStatuses(new Map());
    };
  }, [active, ids]);
  if (!active || !ids) return null;
  const all = [...statuses.values()];
  if (all.includes("reconnecting")) return "reconnecting";
  if (all.includes("ended")) return "ended";
  if (all.length && all.every((s) => s === "live" || s === "unavailable")) return all.includes("live") ? "live" : "unavailable";
  return all.includes("paused") ? "paused" : "connecting";
}

/** A session's live `counts` event (SPEC §8): its roster's counts after the change at its id. */
export interface LiveCounts {
  session_id: string;
  counts: Record<string, number>;
  marked: number;
  expected: number;
  checked_in?: number;
  in_now?: number;
  checked_out?: number;
}

export function isLiveCounts(value: unknown): value is LiveCounts {
  return typeof value === "object" && value !== null && typeof (value as LiveCounts).session_id === "string" && typeof (value as LiveCounts).counts === "object";
}

/** A list of sessions with their counts (`GET /api/stats/today`), one session's taken from a live event. */
export function withLiveCounts<T extends { items: { session: { id: string } }[] }>(list: T, counts: LiveCounts): T {
  let changed = false;
  const items = list.items.map((item) => {
    if (item.session.id !== counts.session_id) return item;
    changed = true;
    const { session_id: _, ...figures } = counts;
    return { ...item, ...figures };
  });
  return changed ? { ...list, items } : list;
}

/** Sessions worth a stream: running now (open, or within their times and not over). */
export function runningNow(session: { status: string; starts_at: string; ends_at: string }, now = Date.now()): boolean {
  if (session.status === "cancelled" || session.status === "closed") return false;
  return session.status === "open" || (Date.parse(session.starts_at) <= now && now < Date.parse(session.ends_at));
}

/**
 * How many sessions one screen follows live at most: each stream holds one of the browser's few
 * connections to the server (six over HTTP/1.1); the rest are read again every little while.
 */
export const MAX_LIVE_SESSIONS = 3;
