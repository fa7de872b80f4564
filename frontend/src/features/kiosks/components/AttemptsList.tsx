import { useTranslation } from "react-i18next";
import { LoadMore } from "@/components/LoadMore";
import { QueryStatus } from "@/components/QueryStatus";
import { formatDateTime } from "@/lib/intl";
import { useAttempts, type AttemptOutcome } from "@/features/kiosks/api/list-attempts";

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
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("kiosks.attempts")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("kiosks.column.when")}</th>
                <th scope="col">{t("kiosks.column.badge")}</th>
                <th scope="col">{t("kiosks.column.outcome")}</th>
                <th scope="col">{t("kiosks.column.who")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((attempt) => (
                <tr key={attempt.id}>
                  <td>{formatDateTime(new Date(attempt.at), timeZone)}</td>
                  <td>{attempt.badge}</td>
                  <td>{OUTCOME_KEYS[attempt.outcome] ? t(OUTCOME_KEYS[attempt.outcome]) : attempt.outcome}</td>
                  <td>{attempt.participant_name ?? t("kiosks.nobodyKnown")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {attempts.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(attempts.hasNextPage)} isFetching={attempts.isFetchingNextPage} onMore={() => void attempts.fetchNextPage()} />
      ) : null}
    </div>
  );
}
