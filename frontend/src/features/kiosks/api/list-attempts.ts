import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { kioskKeys } from "./list-kiosks";
import type { Schema } from "@/lib/api/types";

/** `pin_required`: a badge that needs a PIN was scanned without one (no step towards the lock). */
export type AttemptOutcome = "checked_in" | "checked_out" | "unknown_badge" | "wrong_pin" | "pin_required" | "locked" | "not_expected";

/** One scan at a kiosk and what came of it (the schema leaves `outcome` a string). */
export type Attempt = Omit<Schema<"AttemptOut">, "outcome"> & { outcome: AttemptOutcome };

type Page = { items: Attempt[]; next_cursor?: string | null };

export function listAttempts(kioskId: string, cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "50" });
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/kiosks/${encodeURIComponent(kioskId)}/attempts?${params}`, { signal });
}

/** GET /api/kiosks/{id}/attempts — every scan at the kiosk, newest first. */
export function useAttempts(kioskId: string | null) {
  return useInfiniteQuery({
    queryKey: kioskKeys.attempts(kioskId ?? ""),
    queryFn: ({ pageParam, signal }) => listAttempts(kioskId!, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: kioskId !== null,
    staleTime: 0,
  });
}
