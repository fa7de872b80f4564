import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

// The names a conflict is shown with: its participant, its session (and the session's group, for
// the domain's states), the users who made each version. Long-lived: names rarely change.

export type ParticipantName = Pick<Schema<"ParticipantOut">, "id" | "name" | "external_ref">;

export type SessionSummary = Pick<Schema<"SessionOut">, "id" | "group_id" | "title" | "starts_at" | "ends_at">;

export type GroupSummary = Pick<Schema<"GroupOut">, "id" | "name" | "domain">;

export type UserName = Pick<Schema<"UserOut">, "id" | "full_name">;

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
