import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useOpenConflictCount } from "@/features/sync-conflicts/api/list-conflicts";
import "@/features/sync-conflicts/sync-conflicts.css";

/** "Sync conflicts" in the navigation, with the number still open (administrators and managers). */
export function SyncConflictsNavItem() {
  const { t } = useTranslation();
  const open = useOpenConflictCount();
  const count = open.data?.count ?? 0;
  const shown = open.data?.more ? t("syncConflicts.countMore", { count }) : String(count);
  return (
    <li>
      <NavLink to="/admin/sync-conflicts">
        {t("syncConflicts.nav")}
        {count > 0 ? (
          <>
            {" "}
            <span className="nav-badge" aria-hidden="true">
              {shown}
            </span>
            <span className="visually-hidden">{t("syncConflicts.openCount", { open: shown })}</span>
          </>
        ) : null}
      </NavLink>
    </li>
  );
}
