import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type AttributeValue = string | number | boolean | null;

/** `has_pin`: a kiosk PIN is set (the PIN itself is never sent back); `walk_in`: added on the spot to one session. */
export type Participant = Omit<Schema<"ParticipantOut">, "attributes"> & { attributes: Record<string, AttributeValue> };

export interface ParticipantFilters {
  /** Searches name and external reference. */
  q?: string;
  active?: boolean;
}

type Page = { items: Participant[]; next_cursor?: string | null };

export const participantKeys = {
  all: ["participants"] as const,
  list: (filters: ParticipantFilters) => ["participants", "list", filters] as const,
  detail: (id: string) => ["participants", "detail", id] as const,
};

export function listParticipants(filters: ParticipantFilters, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "50" });
  if (filters.q) params.set("q", filters.q);
  if (filters.active !== undefined) params.set("active", String(filters.active));
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/participants?${params}`, { signal });
}

/** GET /api/participants — search and cursor pages, in creation order. */
export function useParticipants(filters: ParticipantFilters) {
  return useInfiniteQuery({
    queryKey: participantKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listParticipants(filters, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}
