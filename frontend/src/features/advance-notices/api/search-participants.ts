import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { noticeKeys } from "./list-notices";

export type NoticeParticipant = Pick<Schema<"ParticipantOut">, "id" | "name" | "external_ref">;

/** GET /api/participants?q= — whom staff may record an absence for (a frontline user: their groups' members). */
export function useNoticeParticipants(q: string, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: noticeKeys.participants(q),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ active: "true", walk_in: "false", limit: "20" });
      if (q) params.set("q", q);
      return apiClient.request<Schema<"Page_ParticipantOut_">>(`/api/participants?${params}`, { signal });
    },
    select: (page): NoticeParticipant[] => page.items,
    enabled,
    placeholderData: keepPreviousData,
  });
}
