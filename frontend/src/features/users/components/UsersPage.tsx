import { useTranslation } from "react-i18next";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { StackedTable } from "@/components/StackedTable";
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
          <StackedTable
            caption={t("users.listHeading")}
            rows={users.data.items}
            rowKey={(user) => user.id}
            columns={[
              { id: "name", header: t("users.fullName"), rowHeader: true, cell: (user: User) => user.full_name },
              {
                id: "email",
                header: t("signIn.email"),
                cell: (user: User) => (
                  <>
                    {user.email}
                    {user.pending_email ? <div className="muted">{t("users.pendingEmail", { email: user.pending_email })}</div> : null}
                  </>
                ),
              },
              {
                id: "role",
                header: t("users.role"),
                cell: (user: User) => (
                  <>
                    <select
                      aria-label={t("users.roleOf", { name: user.full_name })}
                      value={user.role}
                      disabled={!user.is_active}
                      aria-describedby={user.is_active ? undefined : `role-why-${user.id}`}
                      onChange={(event) => update.mutate({ id: user.id, role: event.target.value as Role })}
                    >
                      {ROLES.map((option) => (
                        <option key={option} value={option}>
                          {t(ROLE_LABEL_KEYS[option])}
                        </option>
                      ))}
                    </select>
                    {user.is_active ? null : (
                      <div id={`role-why-${user.id}`} className="muted">
                        {t("users.roleLocked")}
                      </div>
                    )}
                  </>
                ),
              },
              { id: "status", header: t("users.status"), cell: (user: User) => status(user) },
              { id: "twoFactor", header: t("users.twoFactor"), cell: (user: User) => (user.two_factor_enabled ? t("users.on") : t("users.off")) },
              {
                id: "actions",
                header: t("users.actions"),
                onCard: "actions",
                cell: (user: User) => {
                  const reinviting = user.is_active && !user.has_password;
                  const deactivating = user.is_active && user.id !== currentUserId;
                  if (!reinviting && !user.two_factor_enabled && !deactivating) return null;
                  return (
                    <div className="table__actions">
                      {reinviting ? (
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
                      {deactivating ? (
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
                  );
                },
              },
            ]}
          />
        ) : null}
      </section>
      <section aria-labelledby="users-codes" className="page__section">
        <h2 id="users-codes">{t("users.codes.heading")}</h2>
        <InvitationCodes timeZone={timeZone} />
      </section>
    </section>
  );
}
