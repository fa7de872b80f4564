import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { lower, type Terminology } from "@/components/terminology";
import { formatShortDate } from "@/lib/intl";
import { useDecideNotice } from "@/features/advance-notices/api/decide-notice";
import type { Notice, NoticeStatus } from "@/features/advance-notices/api/list-notices";
import { formatDays, whenIs } from "./notice-dates";

export const STATUS_KEYS = {
  requested: "notices.status.requested",
  approved: "notices.status.approved",
  rejected: "notices.status.rejected",
} as const satisfies Record<NoticeStatus, string>;

const WHEN_KEYS = { past: "notices.when.past", now: "notices.when.now", upcoming: "notices.when.upcoming" } as const;

interface NoticeListProps {
  notices: readonly Notice[];
  /** A state's label by its code. */
  stateLabel: (code: string) => string;
  terms: Terminology;
  timeZone: string | undefined;
  today: string;
  /** The participant's own list: no names, and "you". */
  own?: boolean;
  /** Administrators approve and turn down requests. */
  canDecide?: boolean;
}

/** Notices as cards: whose, which days, how they are marked, why, and where the request stands. */
export function NoticeList({ notices, stateLabel, terms, timeZone, today, own = false, canDecide = false }: NoticeListProps) {
  const { t } = useTranslation();
  const decide = useDecideNotice();
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <>
      {decided ? (
        <Alert tone="notice">
          <p>{decided}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={decide.error} />
      <ul className="notice-list">
        {notices.map((notice) => {
          const days = formatDays(notice.from, notice.to);
          const when = whenIs(notice.from, notice.to, today);
          const byStaff = notice.decided_by !== null && notice.decided_by === notice.requested_by;
          const name = notice.participant_name ?? t("notices.someone", { participant: lower(terms.participant) });
          return (
            <li key={notice.id} className="card notice" aria-label={own ? days : `${name}, ${days}`}>
              <h3 className="notice__title">{own ? days : name}</h3>
              {own ? null : <p className="notice__days">{days}</p>}
              <p>
                <span className={`badge notice__status notice__status--${notice.status}`}>{t(STATUS_KEYS[notice.status])}</span>{" "}
                {t(WHEN_KEYS[when])}
              </p>
              <p>{t("notices.markedAs", { state: stateLabel(notice.state) })}</p>
              {notice.note ? <p className="notice__note">“{notice.note}”</p> : null}
              <p className="muted">
                {byStaff
                  ? t("notices.recordedByStaff", { date: formatShortDate(new Date(notice.created_at), timeZone) })
                  : own
                    ? t("notices.askedByYou", { date: formatShortDate(new Date(notice.created_at), timeZone) })
                    : t("notices.askedBy", { participant: lower(terms.participant), date: formatShortDate(new Date(notice.created_at), timeZone) })}
                {!byStaff && notice.decided_at ? ` ${t("notices.decidedOn", { date: formatShortDate(new Date(notice.decided_at), timeZone) })}` : null}
              </p>
              {notice.status === "rejected" && own ? <p>{t("notices.rejectedOwn")}</p> : null}
              {canDecide && notice.status === "requested" ? (
                <div className="form-actions">
                  <ActionButton
                    className="button button--primary"
                    pending={decide.isPending}
                    reasonId={`${notice.id}-deciding`}
                    onClick={() => {
                      if (decide.isPending) return;
                      setDecided(null);
                      decide.mutate(
                        { id: notice.id, approve: true },
                        { onSuccess: (done) => setDecided(t("notices.approved", { name, count: done.prefilled ?? 0, sessions: lower(terms.sessions) })) },
                      );
                    }}
                  >
                    {t("notices.approve")}
                    <span className="visually-hidden"> {`${name}, ${days}`}</span>
                  </ActionButton>
                  <ActionButton
                    className="button button--danger"
                    pending={decide.isPending}
                    reasonId={`${notice.id}-deciding`}
                    onClick={() => {
                      if (decide.isPending) return;
                      setDecided(null);
                      decide.mutate({ id: notice.id, approve: false }, { onSuccess: () => setDecided(t("notices.rejected", { name })) });
                    }}
                  >
                    {t("notices.reject")}
                    <span className="visually-hidden"> {`${name}, ${days}`}</span>
                  </ActionButton>
                  {decide.isPending ? (
                    // One decision at a time: the notice being decided says so, the others that they wait for it.
                    <span id={`${notice.id}-deciding`} role={decide.variables?.id === notice.id ? "status" : undefined} className="muted">
                      {decide.variables?.id === notice.id ? t("notices.deciding") : t("notices.waitForDecision")}
                    </span>
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
