import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ProblemAlert } from "@/components/ProblemAlert";
import { TextField } from "@/components/TextField";
import { TwoFactorSteps } from "@/components/TwoFactorSteps";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useDisableTwoFactor, useEnableTwoFactor, useSetUpTwoFactor } from "@/features/profile/api/two-factor";

/** Turn two-factor sign-in on (QR code, a code to prove it, recovery codes once) or off. */
export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const setup = useSetUpTwoFactor();
  const enable = useEnableTwoFactor();
  const disable = useDisableTwoFactor();
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  if (enable.data) {
    return (
      <div>
        <Alert tone="notice">{t("profile.twoFactor.nowOn")}</Alert>
        <h3>{t("twoFactor.recoveryHeading")}</h3>
        <p>{t("twoFactor.recoveryIntro")}</p>
        <ul className="recovery-codes">
          {enable.data.recovery_codes.map((recoveryCode) => (
            <li key={recoveryCode}>
              <code>{recoveryCode}</code>
            </li>
          ))}
        </ul>
        <button
          type="button"
          className="button"
          onClick={() => {
            enable.reset();
            setup.reset();
          }}
        >
          {t("profile.twoFactor.savedCodes")}
        </button>
      </div>
    );
  }

  if (enabled) {
    const submitDisable = (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (disable.isPending) return;
      setMissing(password ? null : t("signIn.passwordRequired"));
      if (!password) return passwordRef.current?.focus();
      disable.mutate({ password }, { onSuccess: () => setPassword("") });
    };
    const errors = fieldErrors(disable.error instanceof ApiError ? disable.error.problem : null);
    return (
      <div>
        <p>{t("profile.twoFactor.isOn")}</p>
        <form onSubmit={submitDisable} noValidate className="form form--narrow">
          <ProblemAlert error={disable.error} fields={["password"]} fallback={t("account.failed")} />
          <TextField
            ref={passwordRef}
            label={t("profile.twoFactor.passwordToTurnOff")}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={missing ?? errors.password}
          />
          <div>
            <ActionButton type="submit" className="button" pending={disable.isPending}>
              {t("profile.twoFactor.turnOff")}
            </ActionButton>
          </div>
        </form>
      </div>
    );
  }

  if (!setup.data) {
    return (
      <div>
        {disable.isSuccess ? <Alert tone="notice">{t("profile.twoFactor.nowOff")}</Alert> : null}
        <p>{t("profile.twoFactor.isOff")}</p>
        <ProblemAlert error={setup.error} fallback={t("account.failed")} />
        <ActionButton type="button" className="button button--primary" onClick={() => setup.mutate()} pending={setup.isPending}>
          {t("profile.twoFactor.setUp")}
        </ActionButton>
      </div>
    );
  }

  const errors = fieldErrors(enable.error instanceof ApiError ? enable.error.problem : null);
  const submitEnable = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (enable.isPending) return;
    setMissing(code.trim() ? null : t("twoFactor.codeRequired"));
    if (!code.trim()) return codeRef.current?.focus();
    enable.mutate({ code: code.trim() }, { onError: () => codeRef.current?.focus() });
  };
  return (
    <div>
      <TwoFactorSteps qrCode={setup.data.qr_code} secret={setup.data.secret} />
      <form onSubmit={submitEnable} noValidate className="form form--narrow">
        <ProblemAlert error={enable.error} fields={["code"]} fallback={t("account.failed")} />
        <TextField
          ref={codeRef}
          label={t("twoFactor.code")}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          error={missing ?? errors.code}
        />
        <div>
          <ActionButton type="submit" className="button button--primary" pending={enable.isPending}>
            {t("profile.twoFactor.turnOn")}
          </ActionButton>
        </div>
      </form>
    </div>
  );
}
