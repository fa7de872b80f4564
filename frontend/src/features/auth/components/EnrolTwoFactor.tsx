import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { TwoFactorSteps } from "@/components/TwoFactorSteps";
import { useAuthSession } from "@/lib/auth-session";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useEnrolTwoFactor, type EnrolledTokens, type Enrolment } from "@/features/auth/api/enrol-two-factor";

/**
 * An administrator whose organization requires two-factor sets it up before the sign-in finishes:
 * scan the QR code (or type the key), prove it with a code, then keep the recovery codes.
 */
export function EnrolTwoFactor({ enrolment, onRestart }: { enrolment: Enrolment; onRestart: () => void }) {
  const { t } = useTranslation();
  const enrol = useEnrolTwoFactor();
  const [code, setCode] = useState("");
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<EnrolledTokens | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const server = fieldErrors(enrol.error instanceof ApiError ? enrol.error.problem : null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [done]);
  useEffect(() => {
    if (enrol.error) codeRef.current?.focus();
  }, [enrol.error]);

  if (done) {
    return (
      <section aria-labelledby="enrol-done">
        <h2 id="enrol-done" ref={headingRef} tabIndex={-1}>
          {t("twoFactor.recoveryHeading")}
        </h2>
        <p>{t("twoFactor.recoveryIntro")}</p>
        <ul className="recovery-codes">
          {done.recovery_codes.map((recoveryCode) => (
            <li key={recoveryCode}>
              <code>{recoveryCode}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="button button--primary" onClick={() => useAuthSession.getState().signedIn(done)}>
          {t("twoFactor.recoveryContinue")}
        </button>
      </section>
    );
  }

  const expired = enrol.error instanceof ApiError && enrol.error.status === 401;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (enrol.isPending) return;
    setMissing(!code.trim());
    if (!code.trim()) return codeRef.current?.focus();
    enrol.mutate({ enrolment_token: enrolment.enrolment_token, code: code.trim() }, { onSuccess: setDone });
  };

  return (
    <section aria-labelledby="enrol-heading">
      <h2 id="enrol-heading" ref={headingRef} tabIndex={-1}>
        {t("twoFactor.enrolHeading")}
      </h2>
      <Alert tone="notice">{t("twoFactor.requiredNotice")}</Alert>
      <TwoFactorSteps qrCode={enrolment.qr_code} secret={enrolment.secret} />
      {expired ? (
        <Alert tone="error">
          <p>{enrol.error instanceof ApiError ? enrol.error.problem?.detail : null}</p>
          <button type="button" className="button" onClick={onRestart}>
            {t("twoFactor.restart")}
          </button>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate className="form">
          <ProblemAlert error={enrol.error} fields={["code"]} fallback={t("signIn.failed")} />
          <TextField
            ref={codeRef}
            label={t("twoFactor.code")}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            error={missing ? t("twoFactor.codeRequired") : server.code}
          />
          <ActionButton type="submit" className="button button--primary" pending={enrol.isPending}>
            {t("twoFactor.enrolSubmit")}
          </ActionButton>
        </form>
      )}
    </section>
  );
}
