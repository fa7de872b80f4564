import { useMemo, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Dialog } from "@/components/Dialog";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { addDays, formatDateTime, formatShortDate, formatTime, formatTimeRange } from "@/lib/intl";
import { useMyRecordHistory, useMyRecords, useMySessions, type MyRecord, type MySession } from "@/features/my-space/api/my-sessions";
import "@/features/my-space/my-space.css";

/** How far back and ahead the page looks. */
const DAYS = 28;

const SOURCE_KEYS = {
  online: "mySpace.source.online",
  offline_sync: "mySpace.source.offlineSync",
  self_check_in: "mySpace.source.selfCheckIn",
  kiosk: "mySpace.source.kiosk",
  conflict_resolution: "mySpace.source.conflictResolution",
  auto_mark: "mySpace.source.autoMark",
  advance_notice: "mySpace.source.advanceNotice",
  import: "mySpace.source.import",
} as const;

function how(source: string, terms: Terminology, t: TFunction): string {
  return source in SOURCE_KEYS ? t(SOURCE_KEYS[source as keyof typeof SOURCE_KEYS], { session: lower(terms.session) }) : "";
}

interface MySessionsPageProps {
  terms: Terminology;
  timeZone: string;
  today: string;
  stateLabel: (code: string) => string;
}

/** A participant's sessions of the last and next four weeks, with their mark in each and how it came. */
export function MySessionsPage({ terms, timeZone, today, stateLabel }: MySessionsPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("mySpace.sessions.title", { sessions: lower(terms.sessions) }));
  const from = addDays(today, -DAYS);
  const to = addDays(today, DAYS);
  const sessions = useMySessions(from, to);
  const records = useMyRecords(from, to);
  const [historyOf, setHistoryOf] = useState<{ session: MySession; record: MyRecord } | null>(null);
  // The page's moment: a session is upcoming until it has ended.
  const [now] = useState(() => Date.now());
  const { upcoming, past } = useMemo(() => {
    const all = sessions.data ?? [];
    return {
      upcoming: all.filter((s) => Date.parse(s.ends_at) >= now),
      past: all.filter((s) => Date.parse(s.ends_at) < now).reverse(),
    };
  }, [sessions.data, now]);

  const list = (items: MySession[], pastOnes: boolean) => (
    <ul className="my-sessions">
      {items.map((session) => {
        const record = records.data?.get(session.id) ?? null;
        const starts = new Date(session.starts_at);
        return (
          <li key={session.id} className="card my-session">
            <h3 className="my-session__title">{session.title}</h3>
            <p>
              {formatShortDate(starts, timeZone)}, {formatTimeRange(starts, new Date(session.ends_at), timeZone)}
              {session.location ? ` · ${session.location}` : null}
            </p>
            {session.status === "cancelled" ? (
              <p>{t("mySpace.sessions.cancelled", { session: lower(terms.session) })}</p>
            ) : record ? (
              <p>
                <strong>{t("mySpace.sessions.yourMark", { state: stateLabel(record.state) })}</strong> {how(record.source, terms, t)}
                {record.check_in_at ? ` · ${t("mySpace.sessions.inAt", { time: formatTime(new Date(record.check_in_at), timeZone) })}` : null}
              </p>
            ) : (
              <p>{pastOnes ? t("mySpace.sessions.notMarked") : t("mySpace.sessions.notMarkedYet")}</p>
            )}
            {record?.note ? <p className="muted">“{record.note}”</p> : null}
            <div className="form-actions">
              {record ? (
                <button type="button" className="button button--secondary button--small" onClick={() => setHistoryOf({ session, record })}>
                  {t("mySpace.sessions.history")}
                  <span className="visually-hidden"> {`${session.title}, ${formatShortDate(starts, timeZone)}`}</span>
                </button>
              ) : null}
              {session.mode === "self_check_in" && session.status === "open" ? (
                <Link className="button button--primary button--small" to="/check-in">
                  {terms.check_in}
                </Link>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );

  return (
    <section className="page my-space">
      <h1>{t("mySpace.sessions.title", { sessions: lower(terms.sessions) })}</h1>
      <QueryStatus isPending={sessions.isPending || records.isPending} error={sessions.error ?? records.error} onRetry={() => void Promise.all([sessions.refetch(), records.refetch()])} />
      {sessions.data ? (
        <>
          <section aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">{t("mySpace.sessions.upcoming")}</h2>
            {upcoming.length ? list(upcoming, false) : <p className="empty">{t("mySpace.sessions.noneUpcoming", { sessions: lower(terms.sessions), days: DAYS })}</p>}
          </section>
          <section aria-labelledby="past-heading">
            <h2 id="past-heading">{t("mySpace.sessions.past")}</h2>
            {past.length ? list(past, true) : <p className="empty">{t("mySpace.sessions.nonePast", { sessions: lower(terms.sessions), days: DAYS })}</p>}
          </section>
        </>
      ) : null}
      <Dialog open={historyOf !== null} onClose={() => setHistoryOf(null)} title={historyOf ? t("mySpace.sessions.historyTitle", { title: historyOf.session.title }) : ""}>
        {historyOf ? <History record={historyOf.record} terms={terms} timeZone={timeZone} stateLabel={stateLabel} /> : null}
      </Dialog>
    </section>
  );
}

function History({ record, terms, timeZone, stateLabel }: { record: MyRecord; terms: Terminology; timeZone: string; stateLabel: (code: string) => string }) {
  const { t } = useTranslation();
  const history = useMyRecordHistory(record);
  return (
    <>
      <QueryStatus isPending={history.isPending} error={history.error} onRetry={() => void history.refetch()} />
      {history.data ? (
        <ol className="my-history">
          {history.data.map((entry) => (
            <li key={entry.version}>
              {t("mySpace.sessions.historyEntry", { when: formatDateTime(new Date(entry.at), timeZone), state: stateLabel(entry.state) })} {how(entry.source, terms, t)}
              {entry.actor_name ? ` ${t("mySpace.sessions.by", { name: entry.actor_name })}` : null}
              {entry.note ? <span className="muted"> “{entry.note}”</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
