import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import type { Role } from "@/lib/auth-session";
import { usePresenceFrame } from "@/app/routes/presence/use-presence-frame";

/** The report screens get the role, the timezone and the organization's words from the app. */
export function useReportFrame() {
  return usePresenceFrame();
}

/** For some roles only; anyone else is told so (the API would refuse them anyway). */
export function ForRoles({ role, roles, children }: { role: Role; roles: readonly Role[]; children: ReactNode }) {
  return roles.includes(role) ? children : <NotForYou />;
}

function NotForYou() {
  const { t } = useTranslation();
  usePageTitle(t("reports.notForYou"));
  return (
    <section className="page">
      <h1>{t("reports.notForYou")}</h1>
    </section>
  );
}
