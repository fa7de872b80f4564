import { useQuery } from "@tanstack/react-query";
import type { Terminology } from "@/components/terminology";
import { apiClient } from "@/lib/api-client";
import { offlineFirst } from "@/lib/offline/cache";

export type StateCategory = "present" | "late" | "absent" | "excused" | "other";
/** Roles that record presence (managers only read). */
export type RecordingRole = "admin" | "frontline" | "external";

export interface PresenceState {
  id: string;
  domain: string;
  code: string;
  label: string;
  /** #rrggbb */
  color: string;
  category: StateCategory;
  /** 0..1 for the attendance rate; null leaves the state out of it. */
  weight: number | null;
  sort_order: number;
  /** Who may record it; null: every role that records. */
  roles: RecordingRole[] | null;
  is_default: boolean;
  retired: boolean;
}

export interface Domain {
  code: string;
  name: string;
  terminology: Terminology;
  is_preset: boolean;
  /** Its states in use (not retired), in display order. */
  states: PresenceState[];
}

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
