import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";
import { mySpaceKeys } from "./attendance";

export type MySession = Schema<"SessionOut">;
export type MyRecord = Schema<"RecordOut">;
export type HistoryEntry = Schema<"HistoryItem">;

/** GET /api/sessions?from=&to= — for a participant, the sessions of the groups they belonged to then. */
export function useMySessions(from: string, to: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    enabled,
    queryKey: mySpaceKeys.sessions(from, to),
    queryFn: ({ signal }) => apiClient.request<Schema<"Page_SessionOut_">>(`/api/sessions?${new URLSearchParams({ from, to, limit: "500" })}`, { signal }),
    select: (page) => page.items,
  });
}

/** GET /api/presence?from=&to= — a participant's own records of those days, by session. */
export function useMyRecords(from: string, to: string) {
  return useQuery({
    queryKey: mySpaceKeys.records(from, to),
    queryFn: ({ signal }) => apiClient.request<Schema<"Page_RecordOut_">>(`/api/presence?${new URLSearchParams({ from, to, limit: "1000" })}`, { signal }),
    select: (page) => new Map(page.items.map((record) => [record.session_id, record])),
  });
}

/** GET /api/presence/{id}/history — every version of one of the participant's own records, oldest first. */
export function useMyRecordHistory(record: MyRecord | null) {
  return useQuery({
    queryKey: mySpaceKeys.history(record?.id ?? "", record?.version ?? 0),
    queryFn: ({ signal }) => apiClient.request<Schema<"HistoryOut">>(`/api/presence/${encodeURIComponent(record!.id)}/history`, { signal }),
    select: (answer) => answer.items,
    enabled: record !== null,
  });
}
