import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** What a report can be about: the groups and their sessions (this feature's own reads). */
export type GroupChoice = Pick<Schema<"GroupOut">, "id" | "name" | "domain">;

export type SessionChoice = Pick<Schema<"SessionOut">, "id" | "group_id" | "title" | "starts_at" | "ends_at">;

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export function useGroupChoices(enabled = true) {
  return useQuery({
    queryKey: ["reports", "groups"],
    queryFn: ({ signal }) => apiClient.request<Page<GroupChoice>>("/api/groups?limit=1000", { signal }),
    enabled,
    select: (page) => page.items,
  });
}

export function useSessionChoices(groupId: string, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "sessions", groupId, from, to],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ group_id: groupId, limit: "200" });
      if (from) params.set("from", from);
      if (to) params.set("to", to);
      return apiClient.request<Page<SessionChoice>>(`/api/sessions?${params}`, { signal });
    },
    enabled: groupId !== "",
    select: (page) => page.items,
  });
}

export function useSessionChoice(sessionId: string) {
  return useQuery({
    queryKey: ["reports", "session", sessionId],
    queryFn: ({ signal }) => apiClient.request<SessionChoice>(`/api/sessions/${sessionId}`, { signal }),
  });
}
