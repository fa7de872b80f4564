import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** What the member picker needs of a participant. */
export type Candidate = Pick<Schema<"ParticipantOut">, "id" | "name" | "external_ref">;

type Page = Schema<"Page_ParticipantOut_">;

const PAGE = 1000;

export function searchParticipants(q: string, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ active: "true", limit: String(PAGE) });
  if (q) params.set("q", q);
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/participants?${params}`, { signal });
}

/**
 * GET /api/participants?q= — active participants for the member picker. The groups screen asks
 * the participants API itself: features stay apart, and this is all it needs of it.
 */
export function useParticipantSearch(q: string, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: ["participants", "search", q],
    queryFn: ({ signal }) => searchParticipants(q, null, { signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** Every active participant the search matches, page after page (for "add all matches"). */
export async function allMatches(q: string): Promise<Candidate[]> {
  const found: Candidate[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await searchParticipants(q, cursor);
    found.push(...page.items);
    cursor = page.next_cursor ?? null;
  } while (cursor && found.length < 5000);
  return found;
}
