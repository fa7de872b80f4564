import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import { useAuthSession, type Role } from "@/lib/auth-session";

/** A screen for some roles only; anyone else is told so (the API would refuse them anyway). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const role = useAuthSession((state) => state.user?.role);
  return role && roles.includes(role) ? children : <NotForYourRole />;
}

function NotForYourRole() {
  const { t } = useTranslation();
  usePageTitle(t("presenceNav.notForYou"));
  return (
    <section className="page">
      <h1>{t("presenceNav.notForYou")}</h1>
      <p>{t("presenceNav.notForYouBody")}</p>
    </section>
  );
}
