import { isBackgroundFetch } from "./background";
import { useAuthSession, type TokenResponse } from "./auth-session";
import { useConnectivity } from "./offline/connectivity";
import { DEVICE_NAME_HEADER, deviceNameHeader, deviceNameIfKnown } from "./offline/device-name";
import { ApiError, NetworkError, parseProblem, parseRetryAfter } from "./problem";

/** Name of the Web Lock that serialises token refreshes across this origin's tabs. */
export const REFRESH_LOCK = "omni-auth-refresh";
export const BACKGROUND_HEADER = "X-Omni-Background";

/** What the client needs from the login session; the app passes the Zustand store, tests a fake. */
export interface SessionPort {
  getAccessToken(): string | null;
  refreshed(tokens: TokenResponse): void;
  /** The login session is over (refused refresh): forget everything, tell the user. */
  ended(): void;
}

type LockRequest = (name: string, callback: () => Promise<RefreshResult>) => Promise<RefreshResult>;

export interface ApiClientOptions {
  session: SessionPort;
  fetch?: typeof fetch;
  /** `navigator.locks.request`, or null where Web Locks is missing. */
  lock?: LockRequest | null;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON; a FormData (a file upload) is sent as multipart as it is. */
  body?: unknown;
  signal?: AbortSignal;
  /** Defaults to whether the request was started by the app on its own (see background.ts). */
  background?: boolean;
  /** Send no access token and never refresh on 401 (sign-in: its 401 means wrong credentials). */
  anonymous?: boolean;
  /** On 401 do not refresh-and-retry, just fail (sign-out: a dead session needs no rescue). */
  noRefresh?: boolean;
  /** More headers, e.g. `Idempotency-Key` so that a retried POST is applied once. */
  headers?: Record<string, string>;
}

export type RefreshResult =
  | { outcome: "refreshed" }
  /** The server refused: the login session is over. */
  | { outcome: "rejected" }
  /** No verdict (offline, 5xx, rate limited): the session may well be alive. */
  | { outcome: "unavailable"; error: Error };

export interface ApiClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  /**
   * Trades the refresh cookie for a new access token. Concurrent callers in this tab share one
   * request, and tabs take turns under a Web Lock: refresh tokens rotate on use, so two tabs
   * sending the same cookie at once would look like token theft and end the session.
   */
  refreshSession(options?: { background?: boolean }): Promise<RefreshResult>;
}

const JSON_TYPE = "application/json";
// Set by the client alone: a caller's extra headers never replace them.
const OWN_HEADERS = new Set(["accept", "authorization", "content-type", BACKGROUND_HEADER.toLowerCase()]);

export function createApiClient({ session, fetch: fetchImpl, lock = null }: ApiClientOptions): ApiClient {
  // Late-bound so that tests (and the browser) can swap the global after the client is made.
  const doFetch: typeof fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  let inflightRefresh: Promise<RefreshResult> | null = null;

  async function send(path: string, options: RequestOptions, token: string | null, background: boolean) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (!OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
    headers.Accept = JSON_TYPE;
    if (token) headers.Authorization = `Bearer ${token}`;
    const multipart = options.body instanceof FormData;
    // The browser writes a multipart Content-Type itself, with its boundary.
    if (options.body !== undefined && !multipart) headers["Content-Type"] = JSON_TYPE;
    if (background) headers[BACKGROUND_HEADER] = "1";
    // Every change names the device it came from (the audit log's source, SPEC §8).
    const name = deviceNameIfKnown();
    if (name) headers[DEVICE_NAME_HEADER] = deviceNameHeader(name);
    try {
      return await doFetch(path, {
        method: options.method ?? "GET",
        headers,
        body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
        credentials: "same-origin",
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new NetworkError(error);
    }
  }

  async function readBody(response: Response): Promise<unknown> {
    if (response.status === 204) return undefined;
    const text = await response.text();
    if (!text) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }

  async function toError(response: Response): Promise<ApiError> {
    const body = await readBody(response);
    return new ApiError(response.status, parseProblem(body, response.status), body, parseRetryAfter(response.headers.get("Retry-After")));
  }

  async function refreshNow(background: boolean): Promise<RefreshResult> {
    let response: Response;
    try {
      response = await send("/api/auth/refresh", { method: "POST", body: {} }, null, background);
    } catch (error) {
      return { outcome: "unavailable", error: error instanceof Error ? error : new NetworkError(error) };
    }
    if (response.ok) {
      session.refreshed((await readBody(response)) as TokenResponse);
      return { outcome: "refreshed" };
    }
    const refused = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    if (refused) return { outcome: "rejected" };
    return { outcome: "unavailable", error: await toError(response) };
  }

  function refreshSession({ background = false }: { background?: boolean } = {}): Promise<RefreshResult> {
    if (!inflightRefresh) {
      const run = () => refreshNow(background);
      inflightRefresh = (lock ? lock(REFRESH_LOCK, run) : run()).finally(() => {
        inflightRefresh = null;
      });
    }
    return inflightRefresh;
  }

  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    // Decided before the first await, while a background trigger is still on the stack.
    const background = options.background ?? isBackgroundFetch(options.signal);
    const token = options.anonymous ? null : session.getAccessToken();
    let response = await send(path, options, token, background);

    // 401 — expired, revoked, or `token-stale` (the role changed): one refresh, one retry, never
    // a loop. Without a token there was no session to rescue.
    if (response.status === 401 && token !== null && !options.anonymous && !options.noRefresh) {
      const current = session.getAccessToken();
      if (current === null) throw await toError(response); // ended while this request was out
      if (current === token) {
        const refreshed = await refreshSession({ background });
        if (refreshed.outcome === "rejected") {
          session.ended();
          throw await toError(response);
        }
        if (refreshed.outcome === "unavailable") throw refreshed.error;
      }
      // else another request already refreshed while this one was out: just retry with its token
      const retryToken = session.getAccessToken();
      if (retryToken === null) throw await toError(response);
      response = await send(path, options, retryToken, background);
      if (response.status === 401) {
        // A brand-new token refused at once: the session is unusable; stop here rather than loop.
        session.ended();
        throw await toError(response);
      }
    }

    if (!response.ok) throw await toError(response);
    return (await readBody(response)) as T;
  }

  return { request, refreshSession };
}

function browserLock(): LockRequest | null {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return null; // then the in-tab shared promise is all the serialisation there is
  // The lock is held until the callback's promise settles and resolves to its value; the DOM
  // typings of this TypeScript version leave the promise un-awaited in the result type.
  return (name, callback) => locks.request(name, callback) as unknown as Promise<RefreshResult>;
}

/**
 * The browser's fetch, telling the app whether the server can be reached: any answer says yes, a
 * failed request no (the offline sync sends what waits as soon as an answer comes again).
 */
const watchedFetch: typeof fetch = (input, init) =>
  globalThis.fetch(input, init).then(
    (response) => {
      useConnectivity.getState().reachable();
      return response;
    },
    (error: unknown) => {
      if (!(error instanceof DOMException && error.name === "AbortError")) useConnectivity.getState().unreachable();
      throw error;
    },
  );

/** The app's one client, wired to the Zustand login session. */
export const apiClient = createApiClient({
  fetch: watchedFetch,
  session: {
    getAccessToken: () => useAuthSession.getState().accessToken,
    refreshed: (tokens) => {
      // A refresh that lands after the user signed out must not sign them back in.
      const state = useAuthSession.getState();
      if (state.status !== "signedOut") state.signedIn(tokens);
    },
    ended: () => useAuthSession.getState().signedOut("ended"),
  },
  lock: browserLock(),
});
