import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ROLE_LABEL_KEYS } from "@/components/RoleLabel";
import type { Role } from "@/lib/auth-session";
import { useDeactivateUser, useReinviteUser, useResetTwoFactor, useUpdateUser, useUsers, type User } from "@/features/users/api/users";
import { InvitationCodes } from "./InvitationCodes";
import { InviteUserForm, ROLES } from "./InviteUserForm";

interface UsersPageProps {
  /** The signed-in administrator: they cannot deactivate themselves from here. */
  currentUserId: string;
  timeZone?: string;
}

/** Administrators: everyone in the organization; invite, change a role, deactivate, reset two-factor. */
export function UsersPage({ currentUserId, timeZone }: UsersPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("users.title"));
  const users = useUsers();
  const update = useUpdateUser();
  const deactivate = useDeactivateUser();
  const resetTwoFactor = useResetTwoFactor();
  const reinvite = useReinviteUser();
  const lastError = update.error ?? deactivate.error ?? resetTwoFactor.error ?? reinvite.error;

  const status = (user: User) => {
    if (!user.is_active) return t("users.deactivated");
    return user.has_password ? t("users.active") : t("users.invited");
  };

  return (
    <section className="page page--wide">
      <h1>{t("users.title")}</h1>
      <section aria-labelledby="users-invite" className="page__section">
        <h2 id="users-invite">{t("users.invite.heading")}</h2>
        <InviteUserForm />
      </section>
      <section aria-labelledby="users-list" className="page__section">
        <h2 id="users-list">{t("users.listHeading")}</h2>
        <ProblemAlert error={lastError} fallback={t("account.failed")} />
        <p role="status" className="visually-hidden">
          {update.isSuccess || deactivate.isSuccess || resetTwoFactor.isSuccess ? t("users.saved") : ""}
          {reinvite.data ? t("users.invite.sent", { email: reinvite.data.user.email }) : ""}
        </p>
        {users.isPending ? <p role="status">{t("app.loading")}</p> : null}
        {users.isError ? <ProblemAlert error={users.error} fallback={t("account.failed")} /> : null}
        {users.data ? (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t("users.listHeading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("users.fullName")}</th>
                  <th scope="col">{t("signIn.email")}</th>
                  <th scope="col">{t("users.role")}</th>
                  <th scope="col">{t("users.status")}</th>
                  <th scope="col">{t("users.twoFactor")}</th>
                  <th scope="col">{t("users.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <th scope="row">{user.full_name}</th>
                    <td>
                      {user.email}
                      {user.pending_email ? <div className="muted">{t("users.pendingEmail", { email: user.pending_email })}</div> : null}
                    </td>
                    <td>
                      <select
                        aria-label={t("users.roleOf", { name: user.full_name })}
                        value={user.role}
                        disabled={!user.is_active}
                        onChange={(event) => update.mutate({ id: user.id, role: event.target.value as Role })}
                      >
                        {ROLES.map((option) => (
                          <option key={option} value={option}>
                            {t(ROLE_LABEL_KEYS[option])}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{status(user)}</td>
                    <td>{user.two_factor_enabled ? t("users.on") : t("users.off")}</td>
                    <td>
                      <div className="table__actions">
                      {user.is_active && !user.has_password ? (
                        <button type="button" className="button button--small" onClick={() => reinvite.mutate(user.id)}>
                          {t("users.resendInvitation")}
                          <span className="visually-hidden"> {user.full_name}</span>
                        </button>
                      ) : null}
                      {user.two_factor_enabled ? (
                        <button type="button" className="button button--small" onClick={() => resetTwoFactor.mutate(user.id)}>
                          {t("users.resetTwoFactor")}
                          <span className="visually-hidden"> {user.full_name}</span>
                        </button>
                      ) : null}
                      {user.is_active && user.id !== currentUserId ? (
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => {
                            if (window.confirm(t("users.confirmDeactivate", { name: user.full_name }))) deactivate.mutate(user.id);
                          }}
                        >
                          {t("users.deactivate")}
                          <span className="visually-hidden"> {user.full_name}</span>
                        </button>
                      ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="users-codes" className="page__section">
        <h2 id="users-codes">{t("users.codes.heading")}</h2>
        <InvitationCodes timeZone={timeZone} />
      </section>
    </section>
  );
}
