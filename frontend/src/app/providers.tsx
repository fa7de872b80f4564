import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useEffect, type ReactNode } from "react";
import { useAuthSession } from "@/lib/auth-session";
import { runInBackground } from "@/lib/background";
import { startOfflineSync } from "@/lib/offline/sync-manager";
import { installBackgroundRefetch } from "@/lib/query-client";

/**
 * Server state follows the login session: nothing one user fetched survives into the next
 * user's session, and a role change (a `token-stale` refresh) refetches what the role may see.
 */
export function bindCacheToSession(queryClient: QueryClient): () => void {
  return useAuthSession.subscribe((state, previous) => {
    if (state.status === "signedOut" && previous.status !== "signedOut") {
      queryClient.clear();
    } else if (state.user && previous.user && state.user.role !== previous.user.role) {
      void queryClient.invalidateQueries();
    } else if (state.status === "signedIn" && previous.status === "offline") {
      // Back online with a login session: what was shown from the offline cache is fetched afresh,
      // as the app's own (background) requests.
      void runInBackground(() => queryClient.invalidateQueries());
    }
  });
}

export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  useEffect(() => {
    const unbind = bindCacheToSession(queryClient);
    const uninstall = installBackgroundRefetch(queryClient);
    const stopSync = startOfflineSync();
    return () => {
      unbind();
      uninstall();
      stopSync();
    };
  }, [queryClient]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
