import { useEffect, useRef, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation } from "react-router";
import { RoleLabel } from "@/components/RoleLabel";
import { SignOutButton } from "@/features/auth/components/SignOutButton";
import { Bell } from "@/features/notifications/components/Bell";
import { OrganizationName } from "@/features/organization/components/OrganizationName";
import { SyncConflictsNavItem } from "@/features/sync-conflicts/components/SyncConflictsNavItem";
import { SyncMessages } from "@/features/sync/components/SyncMessages";
import { SyncStatus } from "@/features/sync/components/SyncStatus";
import { useAuthSession } from "@/lib/auth-session";
import { PresenceNavItems } from "./PresenceNav";

/** The frame of every signed-in page: header, navigation and the main landmark. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useAuthSession((state) => state.user);
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstPath = useRef(pathname);

  // After moving to another page, start reading (and tabbing) at its content, not at the top.
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = pathname;
      mainRef.current?.focus();
    }
  }, [pathname]);

  // Focus <main> without adding "#main" to the address (which would be a history entry).
  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t("app.skipToContent")}
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__product">{t("app.name")}</span>
          <OrganizationName className="app-header__organization" />
        </div>
        <SyncStatus />
        {user ? (
          <div className="app-header__account">
            <Bell />
            <p className="app-header__user">
              <span className="visually-hidden">{t("header.signedInAs")} </span>
              <span className="app-header__name">{user.full_name}</span>
              <span className="visually-hidden">, </span>
              <RoleLabel role={user.role} className="app-header__role" />
            </p>
            <SignOutButton />
          </div>
        ) : null}
      </header>
      <nav className="app-nav" aria-label={t("nav.label")}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t("nav.home")}
            </NavLink>
          </li>
          <PresenceNavItems role={user?.role} />
          {user?.role === "admin" || user?.role === "manager" ? (
            <li>
              <NavLink to="/reports">{t("nav.reports")}</NavLink>
            </li>
          ) : null}
          {user?.role === "admin" || user?.role === "manager" ? <SyncConflictsNavItem /> : null}
          {user?.role === "admin" ? (
            <>
              <li>
                <NavLink to="/users">{t("nav.users")}</NavLink>
              </li>
              <li>
                <NavLink to="/settings">{t("nav.settings")}</NavLink>
              </li>
            </>
          ) : null}
          <li>
            <NavLink to="/profile">{t("nav.profile")}</NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <SyncMessages />
        <Outlet />
      </main>
    </div>
  );
}
