import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useChangePassword } from "@/features/profile/api/change-password";

const MIN_LENGTH = 10;

export function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [local, setLocal] = useState<{ current_password?: string; new_password?: string }>({});
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const server = fieldErrors(change.error instanceof ApiError ? change.error.problem : null);

  useEffect(() => {
    if (!change.error) return;
    const errors = fieldErrors(change.error instanceof ApiError ? change.error.problem : null);
    if (errors.current_password) currentRef.current?.focus();
    else if (errors.new_password) nextRef.current?.focus();
  }, [change.error]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    const errors: typeof local = {};
    if (!current) errors.current_password = t("signIn.passwordRequired");
    if (next.length < MIN_LENGTH) errors.new_password = t("account.passwordTooShort", { count: MIN_LENGTH });
    setLocal(errors);
    if (errors.current_password) return currentRef.current?.focus();
    if (errors.new_password) return nextRef.current?.focus();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="form form--narrow">
      {change.isSuccess ? <Alert tone="notice">{t("profile.password.changed")}</Alert> : null}
      <ProblemAlert error={change.error} fields={["current_password", "new_password"]} fallback={t("account.failed")} />
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <TextField
        ref={currentRef}
        label={t("profile.password.current")}
        type="password"
        name="current-password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
        error={local.current_password ?? server.current_password}
      />
      <TextField
        ref={nextRef}
        label={t("account.newPassword")}
        hint={t("account.passwordHint", { count: MIN_LENGTH })}
        type="password"
        name="new-password"
        autoComplete="new-password"
        value={next}
        onChange={(event) => setNext(event.target.value)}
        error={local.new_password ?? server.new_password}
      />
      <p className="page__meta">{t("profile.password.othersSignedOut")}</p>
      <div>
        <ActionButton type="submit" className="button button--primary" pending={change.isPending}>
          {t("profile.password.submit")}
        </ActionButton>
      </div>
    </form>
  );
}
