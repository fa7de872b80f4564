import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { usePageTitle } from "@/components/page-title";
import { useAuthSession } from "@/lib/auth-session";
import { ApiError, fieldErrors, NetworkError, unshownFieldMessages } from "@/lib/problem";
import { enrolmentOf } from "@/features/auth/api/enrol-two-factor";
import { useLogin } from "@/features/auth/api/login";
import { useReturnPath } from "@/features/auth/hooks/use-return-path";
import { EnrolTwoFactor } from "./EnrolTwoFactor";

const FIELDS = ["email", "password", "totp"] as const;
type Field = (typeof FIELDS)[number];

/** What the account pages hand over when they send the user here: the email, and why. */
interface SignInState {
  email?: string;
  notice?: "passwordSet" | "accountCreated" | "emailChanged";
}

const NOTICE_KEYS = { passwordSet: "signIn.passwordSet", accountCreated: "signIn.accountCreated", emailChanged: "signIn.emailChanged" } as const;

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("signIn.title"));
  const returnTo = useReturnPath();
  const status = useAuthSession((state) => state.status);
  const sessionEnded = useAuthSession((state) => state.endedReason === "ended");
  const login = useLogin();
  const handedOver = (useLocation().state ?? {}) as SignInState;

  const [email, setEmail] = useState(handedOver.email ?? "");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  // Two-factor is on for this account: the code field appears (and stays).
  const [codeWantedBefore, setCodeWanted] = useState(false);
  const [missing, setMissing] = useState<Partial<Record<Field, string>>>({});
  const alertRef = useRef<HTMLDivElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const totpRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const error = login.error instanceof ApiError ? login.error : null;
  const problem = error?.problem ?? null;
  const asksForCode = error?.is("two-factor-required") ?? false;
  const codeRefused = error?.is("two-factor-invalid") ?? false;
  const enrolment = error?.is("two-factor-enrolment-required") ? enrolmentOf(error?.body) : null;
  const codeWanted = codeWantedBefore || asksForCode || codeRefused;
  const serverFieldErrors = fieldErrors(problem);
  if (codeRefused && problem?.detail) serverFieldErrors.totp = problem.detail;
  const errorFor = (field: Field): string | undefined => missing[field] ?? serverFieldErrors[field];
  const visibleFields: readonly Field[] = codeWanted ? FIELDS : ["email", "password"];
  const generalMessages: string[] = [];
  if (login.error && !asksForCode && !codeRefused && !enrolment) {
    if (login.error instanceof NetworkError) generalMessages.push(t("errors.network"));
    else if (problem?.detail) generalMessages.push(problem.detail);
    else if (!problem?.errors.length) generalMessages.push(t("signIn.failed"));
    generalMessages.push(...unshownFieldMessages(problem, visibleFields));
  }

  // After a refused attempt, take the user to what needs fixing: the first bad field, else the message.
  useEffect(() => {
    const failure = login.error;
    if (!failure) return;
    const apiError = failure instanceof ApiError ? failure : null;
    const fields = fieldErrors(apiError?.problem ?? null);
    if (apiError?.is("two-factor-required") || apiError?.is("two-factor-invalid")) totpRef.current?.focus();
    else if (fields.email) emailRef.current?.focus();
    else if (fields.password) passwordRef.current?.focus();
    else alertRef.current?.focus();
  }, [login.error]);

  // Signed in (just now, or the session was restored): on to the page they wanted.
  if (status === "signedIn") return <Navigate to={returnTo} replace />;

  if (enrolment) {
    return (
      <main id="main" className="sign-in" tabIndex={-1}>
        <div className="sign-in__card">
          <h1>{t("signIn.heading")}</h1>
          <EnrolTwoFactor enrolment={enrolment} onRestart={() => login.reset()} />
        </div>
      </main>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    const nextMissing: Partial<Record<Field, string>> = {};
    if (!email.trim()) nextMissing.email = t("signIn.emailRequired");
    if (!password) nextMissing.password = t("signIn.passwordRequired");
    if (codeWanted && !totp.trim()) nextMissing.totp = t("twoFactor.codeRequired");
    setMissing(nextMissing);
    login.reset();
    if (nextMissing.email) return emailRef.current?.focus();
    if (nextMissing.password) return passwordRef.current?.focus();
    if (nextMissing.totp) return totpRef.current?.focus();
    // Once a second factor has been asked for, its field stays for the next attempts.
    if (codeWanted) setCodeWanted(true);
    login.mutate({ email: email.trim(), password, ...(codeWanted ? { totp: totp.trim() } : {}) });
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
        {handedOver.notice && !login.error && !sessionEnded ? (
          <Alert tone="notice">{t(NOTICE_KEYS[handedOver.notice])}</Alert>
        ) : null}
        {asksForCode ? <Alert tone="notice">{problem?.detail ?? t("twoFactor.codeRequired")}</Alert> : null}
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
          {codeWanted ? (
            <div className="field">
              <label htmlFor={`${id}-totp`}>{t("twoFactor.code")}</label>
              <p id={`${id}-totp-hint`} className="field__hint">
                {t("twoFactor.codeHint")}
              </p>
              <input
                {...fieldProps("totp")}
                aria-describedby={[`${id}-totp-hint`, errorFor("totp") ? `${id}-totp-error` : null].filter(Boolean).join(" ")}
                ref={totpRef}
                autoComplete="one-time-code"
                spellCheck={false}
                value={totp}
                onChange={(event) => setTotp(event.target.value)}
              />
              {fieldError("totp")}
            </div>
          ) : null}
          <div className="form-actions">
            <ActionButton type="submit" className="button button--primary" pending={login.isPending} pendingText={t("signIn.submitting")}>
              {t("signIn.submit")}
            </ActionButton>
          </div>
        </form>
        <p className="sign-in__links">
          <Link to="/forgot-password">{t("signIn.forgotPassword")}</Link>
          <Link to="/join">{t("signIn.haveCode")}</Link>
        </p>
      </div>
    </main>
  );
}
