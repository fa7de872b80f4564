import { useNavigate } from "react-router";
import { useAuthSession } from "@/lib/auth-session";
import { useLogout } from "@/features/auth/api/logout";

/**
 * Ends the session, then forgets it here and opens the sign-in page. The state change and the
 * navigation happen in one tick, so React renders them together: the guarded pages never see a
 * signed-out user, and the history entry left behind ("Back") just redirects to sign-in.
 */
export function useSignOut() {
  const navigate = useNavigate();
  const logout = useLogout();
  const signOut = () =>
    logout.mutate(undefined, {
      onSuccess: () => {
        useAuthSession.getState().signedOut("signedOut");
        void navigate("/sign-in");
      },
    });
  return { signOut, isPending: logout.isPending, error: logout.error };
}
