/**
 * The SPA screen a notification's `link` names. The API names a few screens by older paths; they
 * lead to where those screens live now. A link that is not a path of this app is not followed.
 */
const MOVED: Record<string, string> = {
  "/advance-notices": "/absences",
  "/me": "/my/absences",
};

export function screenOf(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//")) return null;
  const at = link.search(/[?#]/);
  const path = at < 0 ? link : link.slice(0, at);
  return (MOVED[path] ?? path) + (at < 0 ? "" : link.slice(at));
}
