import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { lower, useGenericTerms } from "@/components/terminology";
import { NoticesNavItem } from "@/features/advance-notices/components/NoticesNavItem";
import { useDomains } from "@/features/domains/api/list-domains";
import { organizationTerms } from "@/features/domains/hooks/use-terms";
import type { Role } from "@/lib/auth-session";

/**
 * The presence screens in the main navigation, by role, named in the organization's words
 * ("Lessons", "Classes", "Students" for a school). External participants get their own space:
 * their attendance, their sessions, their absences and check-in.
 */
export function PresenceNavItems({ role }: { role: Role | undefined }) {
  const { t } = useTranslation();
  const generic = useGenericTerms();
  const staff = role === "admin" || role === "manager" || role === "frontline";
  const domains = useDomains({ enabled: staff || role === "external" });
  const terms = organizationTerms(domains.data, generic);
  if (role === "external") {
    return (
      <>
        <li>
          <NavLink to="/my/attendance">{t("mySpace.nav.attendance")}</NavLink>
        </li>
        <li>
          <NavLink to="/my/sessions">{t("mySpace.nav.sessions", { sessions: lower(terms.sessions) })}</NavLink>
        </li>
        <li>
          <NavLink to="/my/absences">{t("mySpace.nav.absences")}</NavLink>
        </li>
        <li>
          <NavLink to="/check-in">{t("presenceNav.checkIn")}</NavLink>
        </li>
      </>
    );
  }
  if (!staff) return null;
  const reader = role === "admin" || role === "manager";
  return (
    <>
      <li>
        <NavLink to="/today">{t("presenceNav.today")}</NavLink>
      </li>
      {reader ? (
        <>
          <li>
            <NavLink to="/sessions" end>
              {terms.sessions}
            </NavLink>
          </li>
          <li>
            <NavLink to="/groups">{terms.groups}</NavLink>
          </li>
          <li>
            <NavLink to="/participants">{terms.participants}</NavLink>
          </li>
          <li>
            <NavLink to="/domains">{t("presenceNav.domains")}</NavLink>
          </li>
          <li>
            <NavLink to="/audit">{t("presenceNav.audit")}</NavLink>
          </li>
          <li>
            <NavLink to="/notifications/settings">{t("notifications.rules.nav")}</NavLink>
          </li>
          {role === "admin" ? (
            <li>
              <NavLink to="/webhooks">{t("webhooks.nav")}</NavLink>
            </li>
          ) : null}
        </>
      ) : null}
      <NoticesNavItem showPending={role === "admin"} />
      {role === "admin" || role === "frontline" ? (
        <li>
          <NavLink to="/kiosks">{t("presenceNav.kiosks")}</NavLink>
        </li>
      ) : null}

    </>
  );
}
