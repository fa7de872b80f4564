import { Navigate, Outlet, useLocation } from "react-router";
import { useAuthSession } from "@/lib/auth-session";

/**
 * Every route but sign-in needs a session. Without one, go to sign-in, remembering the page for
 * afterwards — except after signing out on purpose, when the next person starts at home.
 */
export function RequireAuth() {
  const status = useAuthSession((state) => state.status);
  const reason = useAuthSession((state) => state.endedReason);
  const { pathname, search, hash } = useLocation();
  // Offline: the page opened with no network, and the device's last user works on (SPEC §4.5).
  if (status === "signedIn" || status === "offline") return <Outlet />;
  const state = reason === "signedOut" ? undefined : { from: { pathname, search, hash } };
  return <Navigate to="/sign-in" replace state={state} />;
}
