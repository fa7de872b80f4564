import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";

// The names a conflict is shown with: its participant, its session (and the session's group, for
// the domain's states), the users who made each version. Long-lived: names rarely change.

export interface ParticipantName {
  id: string;
  name: string;
  external_ref: string | null;
}

export interface SessionSummary {
  id: string;
  group_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
}

export interface GroupSummary {
  id: string;
  name: string;
  domain: string;
}

export interface UserName {
  id: string;
  full_name: string;
}

/** GET /api/{collection}/{id}, kept for a while (names rarely change); nothing is asked without an id. */
function useOne<T>(collection: "participants" | "sessions" | "groups", id: string | undefined) {
  return useQuery({
    queryKey: ["sync-conflicts", collection, id],
    queryFn: ({ signal }) => apiClient.request<T>(`/api/${collection}/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
    staleTime: 10 * 60_000,
  });
}

export const useParticipantName = (id: string) => useOne<ParticipantName>("participants", id);
export const useSessionSummary = (id: string | undefined) => useOne<SessionSummary>("sessions", id);
/** The session's group — for its domain (which states a custom value may take). */
export const useGroupSummary = (id: string | undefined) => useOne<GroupSummary>("groups", id);

/** GET /api/users — who made each version (administrators and managers may list users). */
export function useUserNames() {
  return useQuery({
    queryKey: ["sync-conflicts", "users"],
    queryFn: ({ signal }) => apiClient.request<{ items: UserName[] }>("/api/users?limit=1000", { signal }),
    select: (data) => new Map(data.items.map((u) => [u.id, u.full_name])),
    staleTime: 5 * 60_000,
  });
}
