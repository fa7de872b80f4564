import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LiveStatusLine } from "@/components/LiveStatusLine";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import type { Role } from "@/lib/auth-session";
import type { Schema } from "@/lib/api/types";
import type { LiveStatus } from "@/lib/live-events";
import { addDays, formatDate, formatNumber, formatTimeRange, todayIn } from "@/lib/intl";
import { useBelowThreshold } from "@/features/home/api/list-below-threshold";
import { useGroupTrends } from "@/features/home/api/get-group-trends";
import { RateChart } from "./RateChart";
import { TodaySessions, type TodaySession } from "./TodaySessions";
import { dayLabel, rateRows, todayOverview } from "./dashboard-figures";
import "@/features/home/home.css";

const INTRO_KEYS = {
  admin: "home.intro.admin",
  manager: "home.intro.manager",
  frontline: "home.intro.frontline",
  external: "home.intro.external",
} as const satisfies Record<Role, string>;

/** Today's sessions with their headcounts (GET /api/stats/today), followed live by the app. */
export interface TodayData {
  items: readonly TodaySession[] | undefined;
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  live: LiveStatus | null;
}

/** A participant's own figures (external users). */
export interface MyFigures {
  /** Over the last four weeks, whole percent; null: nothing weighted marked. */
  rate: number | null;
  weeks: readonly Schema<"Period">[];
  next: readonly Schema<"SessionOut">[];
  isPending: boolean;
  error: unknown;
}

interface HomePageProps {
  fullName: string;
  role: Role;
  /** The organization's zone; "today" is its date, which is what sessions and reports go by. */
  timeZone?: string;
  /** The organization's words, and a group's domain's. */
  terms?: Terminology;
  termsFor?: (domain: string | undefined) => Terminology;
  categoryOf?: (domain: string, state: string) => string | undefined;
  today?: TodayData;
  /** Administrators and managers: the groups whose trend is drawn. */
  groups?: readonly { id: string; name: string }[];
  /** The organization's attendance threshold (percent). */
  threshold?: number;
  /** Administrators: sync conflicts waiting for a decision. */
  openConflicts?: { count: number; more: boolean };
  /** Requests (advance notices) waiting for a decision. */
  pendingRequests?: number;
  my?: MyFigures;
}

/** At most this many groups get a line: more would be a tangle, not a chart. */
const MAX_GROUPS = 8;

/** Where everyone lands after signing in: what matters to their role today, at a glance. */
export function HomePage(props: HomePageProps) {
  const { fullName, role, timeZone, my } = props;
  const { t } = useTranslation();
  usePageTitle(t("home.title"));
  return (
    <section className="page page--wide dashboard">
      <h1>{t("home.welcome", { name: fullName })}</h1>
      <p>{t(INTRO_KEYS[role])}</p>
      {timeZone ? <p className="page__meta">{t("home.today", { date: formatDate(new Date(), { timeZone }) })}</p> : null}
      {role === "external" ? (
        <>
          <p>
            <Link className="button button--primary" to="/check-in">
              {t("home.checkIn")}
            </Link>
          </p>
          {my ? <ExternalDashboard my={my} timeZone={timeZone} threshold={props.threshold} terms={props.terms} /> : null}
        </>
      ) : (
        <StaffDashboard {...props} />
      )}
    </section>
  );
}

function StaffDashboard({ role, timeZone, terms, termsFor, categoryOf, today, groups, threshold, openConflicts, pendingRequests }: HomePageProps) {
  const { t } = useTranslation();
  const words = terms ?? termsFor?.(undefined);
  const wordsFor = useMemo(() => termsFor ?? (() => words!), [termsFor, words]);
  if (!words || !today) return null;
  const overseer = role === "admin" || role === "manager";
  const overview = todayOverview(today.items ?? []);
  return (
    <>
      {overseer ? (
        <section className="dashboard-section" aria-labelledby="dashboard-overview">
          <h2 id="dashboard-overview">{t("dashboard.overviewTitle")}</h2>
          <ul className="dashboard-figures">
            <li>
              <strong>{formatNumber(overview.total)}</strong> {t("dashboard.sessionsToday", { sessions: words.sessions })}
            </li>
            <li>
              <strong>{formatNumber(overview.running)}</strong> {t("dashboard.runningFigure")}
            </li>
            <li>
              <strong>{formatNumber(overview.notTaken)}</strong> {t("dashboard.notTakenFigure")}
            </li>
            {openConflicts ? (
              <li>
                <strong>{openConflicts.more ? t("dashboard.countMore", { count: formatNumber(openConflicts.count) }) : formatNumber(openConflicts.count)}</strong>{" "}
                <Link to="/admin/sync-conflicts">{t("dashboard.conflictsFigure", { count: openConflicts.count })}</Link>
              </li>
            ) : null}
            {pendingRequests === undefined ? null : (
              <li>
                <strong>{formatNumber(pendingRequests)}</strong> <Link to="/absences">{t("dashboard.requestsFigure", { count: pendingRequests })}</Link>
              </li>
            )}
          </ul>
        </section>
      ) : null}

      <section className="dashboard-section" aria-labelledby="dashboard-today">
        <h2 id="dashboard-today">{overseer ? t("dashboard.todayAll", { sessions: words.sessions }) : t("dashboard.todayMine", { sessions: lower(words.sessions) })}</h2>
        <LiveStatusLine status={today.live === "live" ? null : today.live} />
        <QueryStatus isPending={today.isPending} error={today.error} onRetry={today.onRetry} />
        {today.items?.length === 0 ? (
          <p className="empty">{overseer ? t("dashboard.noneAll", { sessions: lower(words.sessions) }) : t("dashboard.noneMine", { sessions: lower(words.sessions), groups: lower(words.groups) })}</p>
        ) : null}
        {today.items?.length ? <TodaySessions items={today.items} timeZone={timeZone} termsFor={wordsFor} categoryOf={categoryOf} canTake={role !== "manager"} /> : null}
      </section>

      {overseer ? (
        <>
          <GroupTrends groups={groups} timeZone={timeZone} threshold={threshold} terms={words} />
          <BelowThresholdList threshold={threshold} terms={words} />
        </>
      ) : null}
    </>
  );
}

function GroupTrends({ groups, timeZone, threshold, terms }: { groups: HomePageProps["groups"]; timeZone?: string; threshold?: number; terms: Terminology }) {
  const { t } = useTranslation();
  const to = timeZone ? todayIn(timeZone) : undefined;
  const from = to ? addDays(to, -29) : undefined;
  const shown = useMemo(() => (groups ?? []).slice(0, MAX_GROUPS), [groups]);
  const trends = useGroupTrends(
    shown.map((g) => g.id),
    from,
    to,
  );
  const pending = !groups || trends.some((q) => q.isPending);
  const error = trends.find((q) => q.error)?.error;
  const series = shown.map((group, i) => ({ key: `g${i}`, name: group.name, periods: trends[i]?.data ?? [] }));
  const rows = rateRows(series, dayLabel);
  const title = t("dashboard.trendTitle", { groups: lower(terms.groups) });
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-trend">
      <h2 id="dashboard-trend">{title}</h2>
      <QueryStatus isPending={pending} error={error} onRetry={() => trends.forEach((q) => void q.refetch())} />
      {!pending && !error && rows.length === 0 ? <p className="empty">{t("dashboard.trendEmpty")}</p> : null}
      {!pending && rows.length ? (
        <RateChart title={title} periodHeading={t("dashboard.day")} rows={rows} lines={series.map(({ key, name }) => ({ key, name }))} threshold={threshold} />
      ) : null}
      {groups && groups.length > MAX_GROUPS ? <p className="page__meta">{t("dashboard.trendFirst", { shown: MAX_GROUPS, groups: lower(terms.groups) })}</p> : null}
    </section>
  );
}

function BelowThresholdList({ threshold, terms }: { threshold?: number; terms: Terminology }) {
  const { t } = useTranslation();
  const below = useBelowThreshold();
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-below">
      <h2 id="dashboard-below">{t("dashboard.belowTitle", { participants: terms.participants })}</h2>
      <p className="page__meta">
        {threshold === undefined ? t("dashboard.belowHintNoThreshold") : t("dashboard.belowHint", { rate: threshold, participants: lower(terms.participants) })}
      </p>
      <QueryStatus isPending={below.isPending} error={below.error} onRetry={() => void below.refetch()} />
      {below.data?.length === 0 ? <p className="empty">{t("dashboard.belowNone", { participants: lower(terms.participants) })}</p> : null}
      {below.data?.length ? (
        <ul className="dashboard-below">
          {below.data.map((person) => (
            <li key={person.participantId}>
              <Link to={person.link}>{person.title}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ExternalDashboard({ my, timeZone, threshold, terms }: { my: MyFigures; timeZone?: string; threshold?: number; terms?: Terminology }) {
  const { t } = useTranslation();
  const sessions = lower(terms?.sessions ?? t("dashboard.sessionsWord"));
  const rows = rateRows([{ key: "me", periods: my.weeks }], (day) => t("dashboard.weekOf", { day: dayLabel(day) }));
  return (
    <>
      <section className="dashboard-section" aria-labelledby="dashboard-my-rate">
        <h2 id="dashboard-my-rate">{t("dashboard.myRateTitle")}</h2>
        <QueryStatus isPending={my.isPending} error={my.error} />
        {my.isPending || my.error ? null : (
          <>
            <p className="dashboard-rate">
              {my.rate === null ? t("dashboard.myRateNone", { sessions }) : t("dashboard.myRate", { rate: my.rate })}
            </p>
            {my.rate !== null && threshold !== undefined ? (
              <p>{my.rate < threshold ? t("dashboard.myBelow", { rate: threshold }) : t("dashboard.myAbove", { rate: threshold })}</p>
            ) : null}
            {rows.length ? <RateChart title={t("dashboard.myTrendTitle")} periodHeading={t("dashboard.week")} rows={rows} lines={[{ key: "me", name: t("dashboard.myRateLine") }]} threshold={threshold} /> : null}
            <p>
              <Link to="/my/attendance">{t("dashboard.myHistory")}</Link>
            </p>
          </>
        )}
      </section>
      <section className="dashboard-section" aria-labelledby="dashboard-my-next">
        <h2 id="dashboard-my-next">{t("dashboard.myNextTitle", { sessions })}</h2>
        {my.isPending || my.error ? null : my.next.length === 0 ? (
          <p className="empty">{t("dashboard.myNextNone", { sessions })}</p>
        ) : (
          <ul className="dashboard-next">
            {my.next.map((session) => (
              <li key={session.id}>
                <strong>{session.title}</strong> · {formatDate(new Date(session.starts_at), { timeZone })}, {formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), timeZone)}
                {session.location ? ` · ${session.location}` : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
