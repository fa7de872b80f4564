import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ROLE_LABEL_KEYS } from "@/components/RoleLabel";
import { TextField } from "@/components/TextField";
import type { Role } from "@/lib/auth-session";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useInviteUser } from "@/features/users/api/users";

const FIELDS = ["email", "full_name", "role"] as const;
type Field = (typeof FIELDS)[number];
export const ROLES: Role[] = ["admin", "manager", "frontline", "external"];

export function InviteUserForm() {
  const { t } = useTranslation();
  const invite = useInviteUser();
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState<Role>("frontline");
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const roleId = useId();
  const server = fieldErrors(invite.error instanceof ApiError ? invite.error.problem : null);

  useEffect(() => {
    if (!invite.error) return;
    const errors = fieldErrors(invite.error instanceof ApiError ? invite.error.problem : null);
    if (errors.email) emailRef.current?.focus();
    else if (errors.full_name) nameRef.current?.focus();
  }, [invite.error]);
  useEffect(() => {
    if (invite.data) noticeRef.current?.focus();
  }, [invite.data]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (invite.isPending) return;
    const next: Partial<Record<Field, string>> = {};
    if (!email.trim()) next.email = t("signIn.emailRequired");
    if (!fullName.trim()) next.full_name = t("users.invite.nameRequired");
    setLocal(next);
    if (next.email) return emailRef.current?.focus();
    if (next.full_name) return nameRef.current?.focus();
    invite.mutate(
      { email: email.trim(), full_name: fullName.trim(), role },
      {
        onSuccess: () => {
          setEmail("");
          setFullName("");
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="form form--narrow">
      {invite.data ? (
        <Alert tone="notice" ref={noticeRef}>
          <p>{t("users.invite.sent", { email: invite.data.user.email })}</p>
          <label htmlFor={`${roleId}-link`}>{t("users.invite.link")}</label>
          <input id={`${roleId}-link`} className="copyable" readOnly value={invite.data.invitation_url} onFocus={(event) => event.target.select()} />
        </Alert>
      ) : null}
      <ProblemAlert error={invite.error} fields={FIELDS} fallback={t("account.failed")} />
      <TextField
        ref={emailRef}
        label={t("signIn.email")}
        type="email"
        name="email"
        autoComplete="off"
        spellCheck={false}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={local.email ?? server.email}
      />
      <TextField
        ref={nameRef}
        label={t("users.fullName")}
        name="full_name"
        autoComplete="off"
        value={fullName}
        onChange={(event) => setFullName(event.target.value)}
        error={local.full_name ?? server.full_name}
      />
      <div className="field">
        <label htmlFor={roleId}>{t("users.role")}</label>
        <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {t(ROLE_LABEL_KEYS[option])}
            </option>
          ))}
        </select>
      </div>
      <div>
        <ActionButton type="submit" className="button button--primary" pending={invite.isPending}>
          {t("users.invite.submit")}
        </ActionButton>
      </div>
    </form>
  );
}
