import { fetchEventSource } from "@microsoft/fetch-event-source";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiClient, BACKGROUND_HEADER } from "@/lib/api-client";
import { useAuthSession } from "@/lib/auth-session";
import { notificationKeys } from "@/features/notifications/api/list-notifications";

// A refusal that retrying with the same token cannot change (401: the token has expired).
class Refused extends Error {}

/** The token this stream was opened with is no longer good: refresh it, or end the login session. */
async function checkSession(): Promise<void> {
  const refreshed = await apiClient.refreshSession({ background: true });
  if (refreshed.outcome === "rejected") useAuthSession.getState().signedOut("ended");
}

/**
 * The caller's own notifications, live: `GET /api/events` without a session id sends an
 * `event: notification` for each new one; each refreshes the bell. Says whether the stream is open,
 * so the bell polls only while it is not. Kept apart from the roster's stream so the two can be
 * unified later. When the gateway ends the stream (the login session ended, or the token expired)
 * or refuses it (401), one refresh tells which: a new token opens the stream again, a refused one
 * ends the login session here and now, so the user is told at once rather than at their next click.
 */
export function useNotificationStream(): { live: boolean } {
  const token = useAuthSession((state) => state.accessToken);
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let ended = false;
    void fetchEventSource("/api/events", {
      signal: controller.signal,
      headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream", [BACKGROUND_HEADER]: "1" },
      credentials: "same-origin",
      // Late-bound, so the page's (and a test's) fetch is the one used.
      fetch: (input, init) => globalThis.fetch(input, init),
      async onopen(response) {
        if (response.ok && response.headers.get("content-type")?.startsWith("text/event-stream")) {
          setLive(true);
          // Whatever came while the stream was closed.
          void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
          return;
        }
        if (response.status === 401) void checkSession();
        throw response.status >= 400 && response.status < 500 && response.status !== 429 ? new Refused() : new Error(String(response.status));
      },
      onmessage(message) {
        if (message.event === "notification") void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
        else if (message.event === "end") ended = true;
      },
      onclose() {
        setLive(false);
        // The gateway closed it (a restart, a deploy): open it again, unless it said the end came.
        if (!ended) throw new Error("closed");
        void checkSession();
      },
      onerror(error) {
        setLive(false);
        if (ended || error instanceof Refused) throw error; // stop: polling takes over
        return 5_000;
      },
    }).catch(() => setLive(false));
    return () => {
      controller.abort();
      setLive(false);
    };
  }, [token, queryClient]);

  return { live };
}
