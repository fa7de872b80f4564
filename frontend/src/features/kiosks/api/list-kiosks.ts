import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type KioskStatus = Schema<"KioskStatus">;

/** A session a kiosk serves, as the kiosk list names it (the schema leaves `status` a string). */
export type KioskSession = Omit<Schema<"KioskSessionOut">, "status"> & { status: Schema<"Status"> };

export type Kiosk = Omit<Schema<"KioskOut">, "sessions"> & { sessions: KioskSession[] };

type Page = { items: Kiosk[]; next_cursor?: string | null };

export const kioskKeys = {
  all: ["kiosks"] as const,
  list: () => ["kiosks", "list"] as const,
  attempts: (kioskId: string) => ["kiosks", "attempts", kioskId] as const,
};

export function listKiosks(cursor: string | null, { signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  const params = new URLSearchParams({ limit: "50" });
  if (cursor) params.set("cursor", cursor);
  return apiClient.request<Page>(`/api/kiosks?${params}`, { signal });
}

/** GET /api/kiosks — newest first: all of the organization's for administrators, their own for frontline users. */
export function useKiosks() {
  return useInfiniteQuery({
    queryKey: kioskKeys.list(),
    queryFn: ({ pageParam, signal }) => listKiosks(pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}
