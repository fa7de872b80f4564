import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Headcount, todayFigures } from "@/components/Headcount";
import { lower, type Terminology } from "@/components/terminology";
import type { Schema } from "@/lib/api/types";
import { formatNumber, formatTimeRange } from "@/lib/intl";
import { runningNow } from "@/lib/live-events";

export type TodaySession = Schema<"TodaySession">;

interface TodaySessionsProps {
  items: readonly TodaySession[];
  timeZone: string | undefined;
  termsFor: (domain: string | undefined) => Terminology;
  categoryOf?: (domain: string, state: string) => string | undefined;
  /** Frontline and admin take registers; a manager only looks. */
  canTake: boolean;
}

/** Today's sessions, each with "12 of 30 marked", its live headcount and a one-tap way in. */
export function TodaySessions({ items, timeZone, termsFor, categoryOf, canTake }: TodaySessionsProps) {
  const { t } = useTranslation();
  return (
    <ul className="dashboard-sessions">
      {items.map((item) => {
        const words = termsFor(item.domain);
        const { session } = item;
        const over = session.status === "closed" || session.status === "cancelled";
        const take = canTake && !over;
        const action = take ? t("dashboard.takeRegister") : t("dashboard.openSession", { session: lower(words.session) });
        return (
          <li key={session.id} className="dashboard-session">
            <p className="dashboard-session__time">
              {formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), timeZone)}
              {runningNow(session) ? ` · ${t("dashboard.runningNow")}` : null}
            </p>
            <h3 className="dashboard-session__title">{session.title}</h3>
            <p className="dashboard-session__meta">
              {words.group}: {item.group_name}
              {session.location ? ` · ${session.location}` : null}
            </p>
            <p className="dashboard-session__marked">{t("dashboard.marked", { marked: formatNumber(item.marked), expected: formatNumber(item.expected) })}</p>
            <Headcount figures={todayFigures(item, categoryOf)} label={t("dashboard.headcountOf", { title: session.title })} />
            <p className="dashboard-session__action">
              {/* The visible words first, then which session: every card's link has a name of its own. */}
              <Link className={`button ${take ? "button--primary" : "button--secondary"}`} to={`/sessions/${session.id}`} aria-label={`${action}: ${session.title}`}>
                {action}
              </Link>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
