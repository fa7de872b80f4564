import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { walkInKeys } from "./list-walk-ins";

export type Candidate = Pick<Schema<"ParticipantOut">, "id" | "name" | "external_ref" | "email">;

/** GET /api/participants?q=&walk_in=false — the known participants a walk-in may be. */
export function useCandidates(q: string, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: walkInKeys.candidates(q),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ walk_in: "false", limit: "20" });
      if (q) params.set("q", q);
      return apiClient.request<Schema<"Page_ParticipantOut_">>(`/api/participants?${params}`, { signal });
    },
    select: (page): Candidate[] => page.items,
    enabled,
    placeholderData: keepPreviousData,
  });
}
