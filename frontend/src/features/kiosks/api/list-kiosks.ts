import { useInfiniteQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

export type KioskStatus = "active" | "expired" | "revoked";

/** A session a kiosk serves, as the kiosk list names it. */
export interface KioskSession {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  status: "scheduled" | "open" | "closed" | "cancelled";
  mode: string;
  location: string | null;
}

export interface Kiosk {
  id: string;
  name: string;
  session_ids: string[];
  sessions: KioskSession[];
  expires_at: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  status: KioskStatus;
}

interface Page {
  items: Kiosk[];
  next_cursor: string | null;
}

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
