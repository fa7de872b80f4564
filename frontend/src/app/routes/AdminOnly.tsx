import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import { useAuthSession } from "@/lib/auth-session";

/** A screen for administrators only; anyone else is told so (the API refuses them anyway). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const role = useAuthSession((state) => state.user?.role);
  return role === "admin" ? children : <NotForYourRole />;
}

function NotForYourRole() {
  const { t } = useTranslation();
  usePageTitle(t("forbidden.title"));
  return (
    <section className="page">
      <h1>{t("forbidden.title")}</h1>
      <p>{t("forbidden.body")}</p>
    </section>
  );
}
