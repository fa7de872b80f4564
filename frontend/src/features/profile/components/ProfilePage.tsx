import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { RoleLabel } from "@/components/RoleLabel";
import { useMe } from "@/features/profile/api/get-me";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { DeviceNameSection } from "./DeviceNameSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";

/** My account: who I am, my password, two-factor sign-in, and where I am signed in. */
export function ProfilePage({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation();
  usePageTitle(t("profile.title"));
  const me = useMe();
  return (
    <section className="page">
      <h1>{t("profile.title")}</h1>
      {me.isError ? <ProblemAlert error={me.error} fallback={t("account.failed")} /> : null}
      {me.data ? (
        <>
          <dl className="facts">
            <dt>{t("profile.name")}</dt>
            <dd>{me.data.full_name}</dd>
            <dt>{t("signIn.email")}</dt>
            <dd>{me.data.email}</dd>
            <dt>{t("profile.role")}</dt>
            <dd>
              <RoleLabel role={me.data.role} />
            </dd>
          </dl>
          <section aria-labelledby="profile-password" className="page__section">
            <h2 id="profile-password">{t("profile.password.heading")}</h2>
            <ChangePasswordForm email={me.data.email} />
          </section>
          <section aria-labelledby="profile-two-factor" className="page__section">
            <h2 id="profile-two-factor">{t("profile.twoFactor.heading")}</h2>
            <TwoFactorSection enabled={me.data.two_factor_enabled} />
          </section>
        </>
      ) : (
        <p role="status">{t("app.loading")}</p>
      )}
      <section aria-labelledby="profile-device" className="page__section">
        <h2 id="profile-device">{t("profile.device.heading")}</h2>
        <DeviceNameSection />
      </section>
      <section aria-labelledby="profile-sessions" className="page__section">
        <h2 id="profile-sessions">{t("profile.sessions.heading")}</h2>
        <SessionsSection timeZone={timeZone} />
      </section>
    </section>
  );
}
