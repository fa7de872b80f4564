import { QueryClient, timeoutManager } from "@tanstack/react-query";
import { runInBackground } from "./background";
import { ApiError, NetworkError } from "./problem";

// TanStack Query runs `refetchInterval` through this provider: its ticks are the app polling on
// its own, so requests they start are background ones (no user activity, SPEC §3.2).
timeoutManager.setTimeoutProvider({
  setTimeout: (callback, delay) => setTimeout(callback, delay),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout> | undefined),
  setInterval: (callback, delay) => setInterval(() => runInBackground(() => callback()), delay),
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval> | undefined),
});

/** Client errors will not get better by asking again; a lost network or a 5xx may. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2 && (error instanceof NetworkError || error instanceof ApiError);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetry,
        // TanStack's own focus/reconnect refetches start after an `await`, out of reach of
        // `runInBackground`; `installBackgroundRefetch` does the same job and marks them.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * Refetches stale active queries when the page becomes visible again or the network returns,
 * as background requests. A query opts out with `meta: { refetchOnReturn: false }`.
 * Returns a function that removes the listeners.
 */
export function installBackgroundRefetch(client: QueryClient): () => void {
  const refetch = () =>
    runInBackground(() =>
      client.refetchQueries(
        { type: "active", stale: true, predicate: (query) => query.meta?.refetchOnReturn !== false },
        { cancelRefetch: false },
      ),
    );
  const onVisibility = () => {
    if (document.visibilityState === "visible") void refetch();
  };
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("online", refetch);
  return () => {
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("online", refetch);
  };
}
