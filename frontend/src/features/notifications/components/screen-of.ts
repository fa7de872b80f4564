/** The SPA screen a notification's `link` names. A link that is not a path of this app is not followed. */
export function screenOf(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//")) return null;
  return link;
}
