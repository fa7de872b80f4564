import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation } from "react-router";
import { RoleLabel } from "@/components/RoleLabel";
import { SignOutButton } from "@/features/auth/components/SignOutButton";
import { Bell } from "@/features/notifications/components/Bell";
import { OrganizationName } from "@/features/organization/components/OrganizationName";
import { SyncConflictsNavItem } from "@/features/sync-conflicts/components/SyncConflictsNavItem";
import { SyncMessages } from "@/features/sync/components/SyncMessages";
import { SyncStatus } from "@/features/sync/components/SyncStatus";
import { useAuthSession, type Role } from "@/lib/auth-session";
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

  // Below 768 px the navigation is a drawer behind the menu button; it closes on navigating.
  // Open at one location: any navigation (a new location key) closes it.
  const { key: locationKey } = useLocation();
  const [menuOpenAt, setMenuOpenAt] = useState<string | null>(null);
  const menuOpen = menuOpenAt === locationKey;

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
        <button
          type="button"
          className="app-menu-button"
          aria-haspopup="dialog"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpenAt(locationKey)}
        >
          <span className="app-menu-button__bars" aria-hidden="true" />
          {t("nav.menu")}
        </button>
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
        <NavItems role={user?.role} />
      </nav>
      <NavDrawer open={menuOpen} onClose={() => setMenuOpenAt(null)} title={t("nav.label")}>
        {user ? (
          <p className="app-drawer__user">
            <span className="visually-hidden">{t("header.signedInAs")} </span>
            <span className="app-header__name">{user.full_name}</span>
            <span className="visually-hidden">, </span>
            <RoleLabel role={user.role} className="app-drawer__role" />
          </p>
        ) : null}
        <nav className="app-drawer__nav" aria-label={t("nav.label")}>
          <NavItems role={user?.role} />
        </nav>
      </NavDrawer>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        <SyncMessages />
        <Outlet />
      </main>
    </div>
  );
}

/** The main navigation's links for a role: in the bar on a desktop, in the drawer on a phone. */
function NavItems({ role }: { role: Role | undefined }) {
  const { t } = useTranslation();
  return (
    <ul>
      <li>
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
      </li>
      <PresenceNavItems role={role} />
      {role === "admin" || role === "manager" ? (
        <li>
          <NavLink to="/reports">{t("nav.reports")}</NavLink>
        </li>
      ) : null}
      {role === "admin" || role === "manager" ? <SyncConflictsNavItem /> : null}
      {role === "admin" ? (
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
  );
}

/**
 * The navigation as a drawer (a modal <dialog>: focus stays inside, Escape closes it, focus goes
 * back to the menu button). Its links are mounted only while it is open.
 */
function NavDrawer({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    // A click on the backdrop (the dialog itself, outside its body) closes it, as Escape does.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions -- Escape is the keyboard's way
    <dialog
      ref={ref}
      className="app-drawer"
      aria-label={title}
      onClose={() => {
        if (open) onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open ? (
        <div className="app-drawer__body">
          <button type="button" className="button button--quiet app-drawer__close" onClick={onClose}>
            {t("nav.closeMenu")}
          </button>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
