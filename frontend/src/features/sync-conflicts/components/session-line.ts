import { useTranslation } from "react-i18next";
import { formatShortDate, formatTimeRange } from "@/lib/intl";
import type { SessionSummary } from "@/features/sync-conflicts/api/names";

/** A session as the queue names it — "Mathematics, 27 Nov, 09:00–10:00" — or null until it is known. */
export function useSessionLine(session: SessionSummary | undefined, timeZone: string | undefined): string | null {
  const { t } = useTranslation();
  if (!session) return null;
  const starts = new Date(session.starts_at);
  return t("syncConflicts.sessionLine", {
    title: session.title,
    when: `${formatShortDate(starts, timeZone)}, ${formatTimeRange(starts, new Date(session.ends_at), timeZone)}`,
  });
}
