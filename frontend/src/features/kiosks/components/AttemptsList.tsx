import { useTranslation } from "react-i18next";
import { LoadMore } from "@/components/LoadMore";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { formatDateTime } from "@/lib/intl";
import { useAttempts, type AttemptOutcome } from "@/features/kiosks/api/list-attempts";

/** An outcome a newer server may add reads "Another outcome", never its code. */
export const OUTCOME_KEYS = {
  checked_in: "kiosks.outcome.checkedIn",
  checked_out: "kiosks.outcome.checkedOut",
  unknown_badge: "kiosks.outcome.unknownBadge",
  wrong_pin: "kiosks.outcome.wrongPin",
  pin_required: "kiosks.outcome.pinRequired",
  locked: "kiosks.outcome.locked",
  not_expected: "kiosks.outcome.notExpected",
} as const satisfies Record<AttemptOutcome, string>;

/** Every scan at one kiosk, newest first: when, the badge, what came of it, and who it was. */
export function AttemptsList({ kioskId, timeZone }: { kioskId: string; timeZone: string | undefined }) {
  const { t } = useTranslation();
  const attempts = useAttempts(kioskId);
  const items = attempts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="kiosk-attempts">
      <QueryStatus isPending={attempts.isPending} error={attempts.error} onRetry={() => void attempts.refetch()} />
      {attempts.data && items.length === 0 ? <p className="empty">{t("kiosks.noAttempts")}</p> : null}
      {items.length ? (
        <StackedTable
          caption={t("kiosks.attempts")}
          rows={items}
          rowKey={(attempt) => attempt.id}
          columns={[
            { id: "when", header: t("kiosks.column.when"), rowHeader: true, cell: (attempt) => formatDateTime(new Date(attempt.at), timeZone) },
            { id: "badge", header: t("kiosks.column.badge"), cell: (attempt) => attempt.badge },
            { id: "outcome", header: t("kiosks.column.outcome"), cell: (attempt) => (OUTCOME_KEYS[attempt.outcome] ? t(OUTCOME_KEYS[attempt.outcome]) : t("kiosks.outcome.other")) },
            { id: "who", header: t("kiosks.column.who"), cell: (attempt) => attempt.participant_name ?? t("kiosks.nobodyKnown") },
          ]}
        />
      ) : null}
      {attempts.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(attempts.hasNextPage)} isFetching={attempts.isFetchingNextPage} onMore={() => void attempts.fetchNextPage()} />
      ) : null}
    </div>
  );
}
