import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** What "add to a group" needs of a group. */
export type GroupChoice = Pick<Schema<"GroupOut">, "id" | "name" | "archived_at">;

type Page = { items: GroupChoice[] };

export function listGroups({ signal }: { signal?: AbortSignal } = {}): Promise<Page> {
  return apiClient.request<Page>("/api/groups?limit=1000", { signal });
}

/** GET /api/groups — the groups chosen participants can be added to (not archived ones). */
export function useGroupChoices({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: ["participants", "group-choices"],
    queryFn: ({ signal }) => listGroups({ signal }),
    select: (data) => data.items.filter((group) => !group.archived_at),
    enabled,
    staleTime: 60_000,
  });
}
