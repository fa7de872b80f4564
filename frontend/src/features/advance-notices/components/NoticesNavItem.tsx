import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { usePendingNotices } from "@/features/advance-notices/api/list-notices";

/** "Absences" in the staff navigation; for administrators, with the requests waiting for them. */
export function NoticesNavItem({ showPending }: { showPending: boolean }) {
  const { t } = useTranslation();
  const pending = usePendingNotices({ enabled: showPending }).data ?? 0;
  return (
    <li>
      <NavLink to="/absences">
        {t("notices.nav")}
        {showPending && pending > 0 ? (
          <>
            {" "}
            <span className="nav-badge" aria-hidden="true">
              {pending}
            </span>
            <span className="visually-hidden">{t("notices.navPending", { count: pending })}</span>
          </>
        ) : null}
      </NavLink>
    </li>
  );
}
