import { useQuery } from "@tanstack/react-query";
import type { Terminology } from "@/components/terminology";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";
import type { Schema } from "@/lib/api/types";

export type StateCategory = "present" | "late" | "absent" | "excused" | "other";
/** Roles that record presence (managers only read). */
export type RecordingRole = "admin" | "frontline" | "external";

/**
 * A presence state: `color` #rrggbb, `weight` 0..1 for the attendance rate (null leaves it out),
 * `roles` who may record it (null: every role that records). The schema leaves `category` and
 * `roles` plain strings; the API sends only these words.
 */
export type PresenceState = Omit<Schema<"StateOut">, "category" | "roles"> & { category: StateCategory; roles: RecordingRole[] | null };

/**
 * A domain: its words and its states in use (not retired), in display order. The schema shares its
 * `terminology` with the request body, where the verbs are optional; an answer carries every word.
 */
export type Domain = Omit<Schema<"DomainOut">, "states" | "terminology"> & { states: PresenceState[]; terminology: Terminology };

export const domainKeys = {
  all: ["domains"] as const,
};

export function getDomains({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: Domain[] }> {
  return apiClient.request<{ items: Domain[] }>("/api/domains", { signal });
}

/** GET /api/domains — the organization's domains, each with its words and its states in order. */
export function useDomains({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: domainKeys.all,
    // Kept for offline use: the roster needs the states and the words (SPEC §4.5).
    queryFn: ({ signal }) => offlineFirst("domains", () => getDomains({ signal })),
    networkMode: "offlineFirst",
    select: (data) => data.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}
