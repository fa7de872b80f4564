import { create } from "zustand";
import type { Schema } from "@/lib/api/types";

export type Role = Schema<"Role">;

/** The signed-in user as the login answers it (what the app keeps of GET /api/auth/me). */
export type SessionUser = Pick<Schema<"UserOut">, "id" | "email" | "full_name" | "role" | "organization_id" | "participant_id">;

/**
 * What POST /api/auth/login and /api/auth/refresh answer. The SPA never reads `refresh_token` (its
 * HttpOnly cookie carries it), so it need not be there.
 */
export type TokenResponse = Omit<Schema<"TokenOut">, "user" | "refresh_token" | "token_type"> & { token_type?: string; refresh_token?: string; user: SessionUser };

/**
 * - `restoring`: the page just loaded and the refresh cookie is being tried;
 * - `signedIn`: an access token is held in memory;
 * - `signedOut`: no session. `endedReason` tells why: `ended` — it ended on its own (timed out,
 *   revoked, signed out in another tab), and the user is told so; `signedOut` — the user signed
 *   out here; null — there never was one since the page loaded.
 * - `offline`: the page was opened with no network, so the login session could not be asked; the
 *   last user of this device works on with what was cached for them (no access token) until the
 *   network returns and the session is picked up again (SPEC §4.5).
 */
export type SessionStatus = "restoring" | "signedIn" | "signedOut" | "offline";
export type SignedOutReason = "ended" | "signedOut" | null;

interface AuthSessionState {
  status: SessionStatus;
  accessToken: string | null;
  user: SessionUser | null;
  endedReason: SignedOutReason;
  /**
   * The page itself is telling the user their login is over (they just closed the organization):
   * the session ends when they have read it, not when a background request notices first.
   */
  endHeld: boolean;
  holdEnd: () => void;
  signedIn: (tokens: TokenResponse) => void;
  signedOut: (reason?: SignedOutReason) => void;
  offline: (user: SessionUser) => void;
}

/**
 * The login session as app state. The access token lives only here, in memory: never in
 * localStorage, where any script could read it. The refresh token stays in its HttpOnly cookie;
 * the copy in the response body is deliberately dropped.
 */
export const useAuthSession = create<AuthSessionState>()((set) => ({
  status: "restoring",
  accessToken: null,
  user: null,
  endedReason: null,
  endHeld: false,
  holdEnd: () => set({ endHeld: true }),
  signedIn: (tokens) =>
    set({ status: "signedIn", accessToken: tokens.access_token, user: tokens.user, endedReason: null, endHeld: false }),
  signedOut: (reason = null) =>
    set((state) =>
      state.endHeld && reason === "ended" ? state : { status: "signedOut", accessToken: null, user: null, endedReason: reason, endHeld: false },
    ),
  offline: (user) => set({ status: "offline", accessToken: null, user, endedReason: null, endHeld: false }),
}));
