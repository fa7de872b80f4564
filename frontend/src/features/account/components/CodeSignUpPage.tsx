import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCodeSignUp } from "@/features/account/api/code-sign-up";
import { PublicCard } from "./PublicCard";

const FIELDS = ["code", "email", "password"] as const;
type Field = (typeof FIELDS)[number];
const MIN_LENGTH = 10;

/** /join — a participant makes their account with the one-time code they were handed. */
export function CodeSignUpPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.join.title"));
  const signUp = useCodeSignUp();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ code: "", email: "", password: "" });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const codeRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const server = fieldErrors(signUp.error instanceof ApiError ? signUp.error.problem : null);

  useEffect(() => {
    if (!signUp.error) return;
    const errors = fieldErrors(signUp.error instanceof ApiError ? signUp.error.problem : null);
    const first = FIELDS.find((field) => errors[field]);
    if (first) ({ code: codeRef, email: emailRef, password: passwordRef })[first].current?.focus();
    else alertRef.current?.focus();
  }, [signUp.error]);

  const set = (field: Field) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signUp.isPending) return;
    const next: Partial<Record<Field, string>> = {};
    if (!values.code.trim()) next.code = t("account.join.codeRequired");
    if (!values.email.trim()) next.email = t("signIn.emailRequired");
    if (values.password.length < MIN_LENGTH) next.password = t("account.passwordTooShort", { count: MIN_LENGTH });
    setLocal(next);
    const first = FIELDS.find((field) => next[field]);
    if (first) return ({ code: codeRef, email: emailRef, password: passwordRef })[first].current?.focus();
    signUp.mutate(
      { code: values.code.trim(), email: values.email.trim(), password: values.password },
      { onSuccess: ({ email }) => void navigate("/sign-in", { replace: true, state: { email, notice: "accountCreated" } }) },
    );
  };

  return (
    <PublicCard heading={t("account.join.heading")}>
      <p>{t("account.join.intro")}</p>
      <form onSubmit={submit} noValidate className="form">
        <ProblemAlert error={signUp.error} fields={FIELDS} fallback={t("account.failed")} ref={alertRef} />
        <TextField
          ref={codeRef}
          label={t("account.join.code")}
          hint={t("account.join.codeHint")}
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          value={values.code}
          onChange={set("code")}
          error={local.code ?? server.code}
        />
        <TextField
          ref={emailRef}
          label={t("signIn.email")}
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          value={values.email}
          onChange={set("email")}
          error={local.email ?? server.email}
        />
        <TextField
          ref={passwordRef}
          label={t("account.newPassword")}
          hint={t("account.passwordHint", { count: MIN_LENGTH })}
          type="password"
          name="new-password"
          autoComplete="new-password"
          value={values.password}
          onChange={set("password")}
          error={local.password ?? server.password}
        />
        <ActionButton type="submit" className="button button--primary" pending={signUp.isPending}>
          {t("account.join.submit")}
        </ActionButton>
      </form>
    </PublicCard>
  );
}
