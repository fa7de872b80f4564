import { apiClient, type ApiClient } from "./api-client";
import { useAuthSession } from "./auth-session";
import { loadOfflineUser } from "./offline/cache";

let restoring: Promise<void> | null = null;

/**
 * With no network there is no session to ask: the last user of this device goes on offline with
 * what was cached for them (SPEC §4.5), if anything was; otherwise the sign-in page.
 */
async function goOnOffline(): Promise<void> {
  const user = await loadOfflineUser().catch(() => null);
  if (user) useAuthSession.getState().offline(user);
  else useAuthSession.getState().signedOut(null);
}

/**
 * On page load, try the refresh cookie once to pick the login session up again. Whatever keeps it
 * from working, the user simply signs in: no "session ended" message for a fresh visit — unless
 * the network is what failed, and the device's last user may work on offline.
 */
export function restoreSession(client: ApiClient = apiClient): Promise<void> {
  restoring ??= client.refreshSession().then(
    (result) => {
      if (result.outcome === "unavailable") return goOnOffline();
      if (result.outcome !== "refreshed") useAuthSession.getState().signedOut(null);
    },
    () => useAuthSession.getState().signedOut(null),
  );
  return restoring;
}
