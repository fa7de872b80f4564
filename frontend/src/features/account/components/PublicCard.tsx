import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** The frame of the pages reached without a session (from a mailed link or a code). */
export function PublicCard({ heading, children }: { heading: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <div className="sign-in__card">
        <h1>{heading}</h1>
        {children}
        <p className="sign-in__links">
          <Link to="/sign-in">{t("account.backToSignIn")}</Link>
        </p>
      </div>
    </main>
  );
}
