import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { useAuthSession, type SessionUser } from "@/lib/auth-session";

export function getMe({ signal }: { signal?: AbortSignal } = {}): Promise<SessionUser> {
  return apiClient.request<SessionUser>("/api/auth/me", { signal });
}

/**
 * GET /api/auth/me — the server's current view of the signed-in user. Shown at once from the
 * login session's copy, then checked: opening a screen is a user action, so it also tells
 * promptly when the session has ended elsewhere.
 */
export function useMe() {
  const sessionUser = useAuthSession((state) => state.user);
  return useQuery({
    queryKey: ["auth", "me"],
    queryFn: ({ signal }) => getMe({ signal }),
    placeholderData: sessionUser ?? undefined,
    staleTime: 0,
  });
}
