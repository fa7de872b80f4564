import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { usePageTitle } from "@/components/page-title";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useRequestPasswordReset } from "@/features/account/api/password-reset";
import { PublicCard } from "./PublicCard";

/** /forgot-password — ask for a reset link; the answer never says whether the email has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.forgot.title"));
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const [missing, setMissing] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const server = fieldErrors(request.error instanceof ApiError ? request.error.problem : null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (request.isPending) return;
    setMissing(!email.trim());
    if (!email.trim()) return emailRef.current?.focus();
    request.mutate({ email: email.trim() });
  };

  return (
    <PublicCard heading={t("account.forgot.heading")}>
      {request.isSuccess ? (
        <Alert tone="notice">{request.data.detail}</Alert>
      ) : (
        <>
          <p>{t("account.forgot.intro")}</p>
          <form onSubmit={submit} noValidate className="form">
            <ProblemAlert error={request.error} fields={["email"]} fallback={t("account.failed")} />
            <TextField
              ref={emailRef}
              label={t("signIn.email")}
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              spellCheck={false}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={missing ? t("signIn.emailRequired") : server.email}
            />
            <ActionButton type="submit" className="button button--primary" pending={request.isPending}>
              {t("account.forgot.submit")}
            </ActionButton>
          </form>
        </>
      )}
    </PublicCard>
  );
}
