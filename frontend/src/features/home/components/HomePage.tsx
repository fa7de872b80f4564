import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "@/components/page-title";
import type { Role } from "@/lib/auth-session";
import { formatDate } from "@/lib/intl";

const INTRO_KEYS = {
  admin: "home.intro.admin",
  manager: "home.intro.manager",
  frontline: "home.intro.frontline",
  external: "home.intro.external",
} as const satisfies Record<Role, string>;

interface HomePageProps {
  fullName: string;
  role: Role;
  /** The organization's zone; "today" is its date, which is what sessions and reports go by. */
  timeZone?: string;
}

export function HomePage({ fullName, role, timeZone }: HomePageProps) {
  const { t } = useTranslation();
  usePageTitle(t("home.title"));
  return (
    <section className="page">
      <h1>{t("home.welcome", { name: fullName })}</h1>
      <p>{t(INTRO_KEYS[role])}</p>
      {role === "external" ? (
        <p>
          <Link className="button button--primary" to="/check-in">
            {t("home.checkIn")}
          </Link>
        </p>
      ) : null}
      {timeZone ? <p className="page__meta">{t("home.today", { date: formatDate(new Date(), { timeZone }) })}</p> : null}
    </section>
  );
}
