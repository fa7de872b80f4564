import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";

const MIN_LENGTH = 10;

interface NewPasswordFormProps {
  submitLabel: string;
  onSubmit: (password: string) => void;
  pending: boolean;
  error: unknown;
  /** The email the password is for, shown read-only so that password managers store it with it. */
  email?: string;
}

/** Choose a password (twice, so a typo does not lock the person out). */
export function NewPasswordForm({ submitLabel, onSubmit, pending, error, email }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [local, setLocal] = useState<{ password?: string; repeat?: string }>({});
  const passwordRef = useRef<HTMLInputElement>(null);
  const repeatRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const server = fieldErrors(error instanceof ApiError ? error.problem : null);

  useEffect(() => {
    if (!error) return;
    if (fieldErrors(error instanceof ApiError ? error.problem : null).password) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [error]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const next: typeof local = {};
    if (password.length < MIN_LENGTH) next.password = t("account.passwordTooShort", { count: MIN_LENGTH });
    else if (password !== repeat) next.repeat = t("account.passwordsDiffer");
    setLocal(next);
    if (next.password) return passwordRef.current?.focus();
    if (next.repeat) return repeatRef.current?.focus();
    onSubmit(password);
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <ProblemAlert error={error} fields={["password"]} fallback={t("account.failed")} ref={alertRef} />
      {email ? <input type="email" name="email" autoComplete="username" value={email} readOnly hidden /> : null}
      <TextField
        ref={passwordRef}
        label={t("account.newPassword")}
        hint={t("account.passwordHint", { count: MIN_LENGTH })}
        type="password"
        name="new-password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={local.password ?? server.password}
      />
      <TextField
        ref={repeatRef}
        label={t("account.repeatPassword")}
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        value={repeat}
        onChange={(event) => setRepeat(event.target.value)}
        error={local.repeat}
      />
      <ActionButton type="submit" className="button button--primary" pending={pending}>
        {submitLabel}
      </ActionButton>
    </form>
  );
}
