import { useLocation } from "react-router";

/** Where a guarded route sent the user from, kept in the history state of /sign-in. */
export interface SignInLocationState {
  from?: { pathname?: string; search?: string; hash?: string };
}

/**
 * The page the user wanted before signing in, else "/". Only a path inside this app: never
 * another origin ("//host") and never the sign-in page itself.
 */
export function returnPath(state: unknown): string {
  const from = (state as SignInLocationState | null)?.from;
  const pathname = from?.pathname;
  if (typeof pathname !== "string" || !pathname.startsWith("/") || pathname.startsWith("//")) return "/";
  if (pathname === "/sign-in") return "/";
  return `${pathname}${from?.search ?? ""}${from?.hash ?? ""}`;
}

export function useReturnPath(): string {
  return returnPath(useLocation().state);
}
