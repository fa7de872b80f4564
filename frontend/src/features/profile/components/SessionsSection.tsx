import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ProblemAlert } from "@/components/ProblemAlert";
import { describeDevice } from "./device";
import { formatDateTime } from "./format";
import { useSessions, useSignOutOthers, useSignOutSession } from "@/features/profile/api/sessions";

/** Where I am signed in, with a way to end each session (a lost phone, a shared computer). */
export function SessionsSection({ timeZone }: { timeZone?: string }) {
  const { t } = useTranslation();
  const sessions = useSessions();
  const signOut = useSignOutSession();
  const signOutOthers = useSignOutOthers();

  if (sessions.isPending) return <p role="status">{t("app.loading")}</p>;
  if (sessions.isError) return <ProblemAlert error={sessions.error} fallback={t("account.failed")} />;
  const others = sessions.data.items.filter((session) => !session.current);
  const deviceName = (userAgent: string | null) => {
    const device = describeDevice(userAgent);
    if (device) return t("profile.sessions.device", device);
    return userAgent ?? t("profile.sessions.unknownDevice");
  };
  return (
    <div>
      <ProblemAlert error={signOut.error ?? signOutOthers.error} fallback={t("account.failed")} />
      <p role="status" className="visually-hidden">
        {signOut.isSuccess || signOutOthers.isSuccess ? t("profile.sessions.signedOut") : ""}
      </p>
      <ul className="session-list">
        {sessions.data.items.map((session) => (
          <li key={session.id} className="session-list__item">
            <div>
              <p className="session-list__device">
                <span title={session.user_agent ?? undefined}>{deviceName(session.user_agent)}</span>
                {session.current ? <strong className="badge">{t("profile.sessions.thisDevice")}</strong> : null}
              </p>
              <p className="page__meta">
                {t("profile.sessions.details", {
                  address: session.client_address ?? t("profile.sessions.unknownAddress"),
                  started: formatDateTime(new Date(session.created_at), { timeZone }),
                  active: formatDateTime(new Date(session.last_activity_at), { timeZone }),
                })}
              </p>
            </div>
            {session.current ? null : (
              <button
                type="button"
                className="button"
                onClick={() => signOut.mutate(session.id)}
                aria-label={t("profile.sessions.signOutNamed", { device: deviceName(session.user_agent) })}
              >
                {t("profile.sessions.signOut")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <ActionButton type="button" className="button" onClick={() => signOutOthers.mutate()} pending={signOutOthers.isPending}>
          {t("profile.sessions.signOutOthers")}
        </ActionButton>
      ) : (
        <p className="page__meta">{t("profile.sessions.onlyThis")}</p>
      )}
    </div>
  );
}
