import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { isLiveCounts, MAX_LIVE_SESSIONS, runningNow, useLiveSessions, withLiveCounts, type LiveEvent } from "@/lib/live-events";
import { todayStatsKeys, type TodayStats } from "@/features/sessions/api/get-today-stats";

/** Keeps the headcounts of today's running sessions live (a few at most; the rest are read again). */
export function useLiveToday(today: TodayStats | undefined) {
  const queryClient = useQueryClient();
  const running = useMemo(
    () => (today?.items ?? []).filter((item) => runningNow(item.session)).slice(0, MAX_LIVE_SESSIONS).map((item) => item.session.id),
    [today],
  );
  const onEvent = useCallback(
    (_sessionId: string, event: LiveEvent) => {
      if (event.event === "counts" && isLiveCounts(event.data)) {
        const counts = event.data;
        queryClient.setQueryData<TodayStats>(todayStatsKeys.all, (old) => (old ? withLiveCounts(old, counts) : old));
      }
    },
    [queryClient],
  );
  return useLiveSessions(running, onEvent);
}
