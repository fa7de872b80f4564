import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower } from "@/components/terminology";
import { Headcount, todayFigures } from "@/components/Headcount";
import { LiveStatusLine } from "@/components/LiveStatusLine";
import { formatDate, formatNumber, formatTimeRange, todayIn } from "@/lib/intl";
import { useDaySessions } from "@/features/sessions/api/list-sessions";
import { useTodayStats } from "@/features/sessions/api/get-today-stats";
import { useLiveToday } from "@/features/sessions/hooks/live-today";
import { STATUS_KEYS, type SessionScreenProps } from "./types";
import "@/features/sessions/sessions.css";

interface TodayPageProps extends SessionScreenProps {
  /** The category (present, late, absent, excused, other) of a domain's state, for the headcounts. */
  categoryOf?: (domain: string, state: string) => string | undefined;
}

/** Today's sessions of my groups (the organization's today), each opening its roster, with its live headcount. */
export function TodayPage({ timeZone, groups, termsFor, terms, categoryOf }: TodayPageProps) {
  const { t } = useTranslation();
  const title = t("today.title", { sessions: terms.sessions });
  usePageTitle(title);
  const day = timeZone ? todayIn(timeZone) : undefined;
  const sessions = useDaySessions(day);
  const groupOf = (id: string) => groups?.find((g) => g.id === id);
  const stats = useTodayStats();
  const live = useLiveToday(stats.data);
  const statsOf = (id: string) => stats.data?.items.find((item) => item.session.id === id);

  return (
    <section className="page">
      <h1>{title}</h1>
      {timeZone ? <p className="page__meta">{formatDate(new Date(), { timeZone })}</p> : null}
      <LiveStatusLine status={live === "live" ? null : live} />
      <QueryStatus isPending={!day || sessions.isPending} error={sessions.error} onRetry={() => void sessions.refetch()} />
      {sessions.data?.length === 0 ? (
        <p className="empty">{t("today.none", { sessions: lower(terms.sessions), groups: lower(terms.groups) })}</p>
      ) : null}
      {sessions.data?.length ? (
        <ul className="today-list">
          {sessions.data.map((session) => {
            const group = groupOf(session.group_id);
            const words = termsFor(group?.domain);
            const figures = statsOf(session.id);
            return (
              <li key={session.id} className="today-item">
                <p className="today-item__time">{formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), timeZone)}</p>
                <h2 className="today-item__title">
                  <Link to={`/sessions/${session.id}`}>{session.title}</Link>
                </h2>
                <p className="today-item__meta">
                  {group ? `${words.group}: ${group.name}` : null}
                  {session.location ? ` · ${session.location}` : null} · <span className="badge">{t(STATUS_KEYS[session.status])}</span>
                </p>
                {figures ? (
                  <>
                    <p className="today-item__marked">{t("today.marked", { marked: formatNumber(figures.marked), expected: formatNumber(figures.expected) })}</p>
                    <Headcount figures={todayFigures(figures, categoryOf)} label={t("today.headcountOf", { title: session.title })} />
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
