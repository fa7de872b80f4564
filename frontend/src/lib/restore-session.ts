import { apiClient, type ApiClient } from "./api-client";
import { useAuthSession } from "./auth-session";

let restoring: Promise<void> | null = null;

/**
 * On page load, try the refresh cookie once to pick the login session up again. Whatever keeps it
 * from working, the user simply signs in: no "session ended" message for a fresh visit.
 */
export function restoreSession(client: ApiClient = apiClient): Promise<void> {
  restoring ??= client.refreshSession().then(
    (result) => {
      if (result.outcome !== "refreshed") useAuthSession.getState().signedOut(null);
    },
    () => useAuthSession.getState().signedOut(null),
  );
  return restoring;
}
