import { QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiClient } from "./api-client";
import { useAuthSession } from "./auth-session";
import { createQueryClient, installBackgroundRefetch } from "./query-client";

// Which requests count as the user's activity (SPEC §3.2): a screen's first load does; the app's
// own refetches — page shown again, network back, polling — send X-Omni-Background: 1.

function stubFetch() {
  const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(new Response(JSON.stringify({ ok: true }), { status: 200 })),
  );
  vi.stubGlobal("fetch", fetch);
  return () => fetch.mock.calls.map(([, init]) => new Headers(init?.headers).get("x-omni-background"));
}

describe("background requests", () => {
  beforeEach(() => {
    useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("marks refetches on returning to the page and on reconnecting, not the first load", async () => {
    const backgroundHeaders = stubFetch();
    const client = createQueryClient();
    const uninstall = installBackgroundRefetch(client);
    const observer = new QueryObserver(client, {
      queryKey: ["thing"],
      queryFn: ({ signal }) => apiClient.request("/api/thing", { signal }),
      staleTime: 0,
    });
    const unsubscribe = observer.subscribe(() => {});

    await vi.waitFor(() => expect(backgroundHeaders()).toEqual([null]));
    await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe("idle"));
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.waitFor(() => expect(backgroundHeaders()).toEqual([null, "1"]));
    await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe("idle"));
    window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(backgroundHeaders()).toEqual([null, "1", "1"]));

    // A user's action afterwards (e.g. pressing a "refresh" button) is not background.
    await vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe("idle"));
    await observer.refetch();
    expect(backgroundHeaders()).toEqual([null, "1", "1", null]);
    unsubscribe();
    uninstall();
  });

  it("marks polling (refetchInterval)", async () => {
    vi.useFakeTimers();
    const backgroundHeaders = stubFetch();
    const client = createQueryClient();
    const observer = new QueryObserver(client, {
      queryKey: ["polled"],
      queryFn: ({ signal }) => apiClient.request("/api/polled", { signal }),
      refetchInterval: 1000,
    });
    const unsubscribe = observer.subscribe(() => {});

    await vi.advanceTimersByTimeAsync(2500);

    expect(backgroundHeaders()).toEqual([null, "1", "1"]);
    unsubscribe();
  });
});
