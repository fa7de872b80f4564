import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate } from "react-router";
import { Alert } from "../../../components/Alert";
import { usePageTitle } from "../../../components/page-title";
import { useAuthSession } from "../../../lib/auth-session";
import { ApiError, fieldErrors, NetworkError, unshownFieldMessages } from "../../../lib/problem";
import { useLogin } from "../api/login";
import { useReturnPath } from "../hooks/use-return-path";

const FIELDS = ["email", "password"] as const;
type Field = (typeof FIELDS)[number];

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("signIn.title"));
  const returnTo = useReturnPath();
  const status = useAuthSession((state) => state.status);
  const sessionEnded = useAuthSession((state) => state.endedReason === "ended");
  const login = useLogin();

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const problem = login.error instanceof ApiError ? login.error.problem : null;
  const serverFieldErrors = fieldErrors(problem);
  const errorFor = (field: Field): string | undefined => missing[field] ?? serverFieldErrors[field];
  const generalMessages: string[] = [];
  if (login.error) {
    if (login.error instanceof NetworkError) generalMessages.push(t("errors.network"));
    else if (problem?.detail) generalMessages.push(problem.detail);
    else if (!problem?.errors.length) generalMessages.push(t("signIn.failed"));
    generalMessages.push(...unshownFieldMessages(problem, FIELDS));
  }

  // After a refused attempt, take the user to what needs fixing: the first bad field, else the message.
  useEffect(() => {
    const error = login.error;
    if (!error) return;
    const fields = fieldErrors(error instanceof ApiError ? error.problem : null);
    if (fields.email) emailRef.current?.focus();
    else if (fields.password) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [login.error]);

  // Signed in (just now, or the session was restored): on to the page they wanted.
  if (status === "signedIn") return <Navigate to={returnTo} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    const nextMissing: Partial<Record<Field, string>> = {};
    if (!email.trim()) nextMissing.email = t("signIn.emailRequired");
    if (!password) nextMissing.password = t("signIn.passwordRequired");
    setMissing(nextMissing);
    login.reset();
    if (nextMissing.email) return emailRef.current?.focus();
    if (nextMissing.password) return passwordRef.current?.focus();
    login.mutate({ email: email.trim(), password });
  };

  const fieldProps = (field: Field) => {
    const error = errorFor(field);
    return {
      id: `${id}-${field}`,
      name: field,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": error ? `${id}-${field}-error` : undefined,
    };
  };
  const fieldError = (field: Field) => {
    const error = errorFor(field);
    return error ? (
      <p id={`${id}-${field}-error`} className="field__error">
        {error}
      </p>
    ) : null;
  };

  return (
    <main id="main" className="sign-in" tabIndex={-1}>
      <div className="sign-in__card">
        <h1>{t("signIn.heading")}</h1>
        {sessionEnded && !login.error ? <Alert tone="notice">{t("signIn.sessionEnded")}</Alert> : null}
        {generalMessages.length > 0 ? (
          <Alert tone="error" ref={alertRef}>
            {generalMessages.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </Alert>
        ) : null}
        <form onSubmit={onSubmit} noValidate className="form">
          <div className="field">
            <label htmlFor={`${id}-email`}>{t("signIn.email")}</label>
            <input
              {...fieldProps("email")}
              ref={emailRef}
              type="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
            {fieldError("email")}
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t("signIn.password")}</label>
            <input
              {...fieldProps("password")}
              ref={passwordRef}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            {fieldError("password")}
          </div>
          <button type="submit" className="button button--primary" aria-disabled={login.isPending || undefined}>
            {t("signIn.submit")}
          </button>
          <p role="status" className="visually-hidden">
            {login.isPending ? t("signIn.submitting") : ""}
          </p>
        </form>
      </div>
    </main>
  );
}
