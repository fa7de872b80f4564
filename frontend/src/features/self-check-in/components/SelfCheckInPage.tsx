import { useEffect, useRef, useState, type FormEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextField } from "@/components/Field";
import { usePageTitle } from "@/components/page-title";
import { lower, type Terminology } from "@/components/terminology";
import { formatTime } from "@/lib/intl";
import { ApiError } from "@/lib/problem";
import { normalizeCode, useSelfCheckIn, type SelfCheckInAnswer } from "@/features/self-check-in/api/self-check-in";
import "@/features/self-check-in/self-check-in.css";

/** A state as this page needs it, to name a mark staff made. */
export interface SelfCheckInState {
  code: string;
  label: string;
  category: string;
}

interface SelfCheckInPageProps {
  /** Every state of the organization's domains (a participant may be in groups of several). */
  states: readonly SelfCheckInState[] | undefined;
  timeZone: string | undefined;
  terms: Terminology;
}

const CODE_LENGTH = 6;

/** The answer in plain words: "You're checked in to Maths at 09:02." */
export function answerWords(answer: SelfCheckInAnswer, states: readonly SelfCheckInState[] | undefined, timeZone: string | undefined, t: TFunction): string {
  const title = answer.session.title;
  const state = states?.find((s) => s.code === answer.state);
  if (answer.check_in_at) {
    const time = formatTime(new Date(answer.check_in_at), timeZone);
    // The server says whether it counted as late (after the group's grace): no guessing from states.
    return answer.late ? t("selfCheckIn.doneLate", { title, time }) : t("selfCheckIn.done", { title, time });
  }
  // Marked by staff before: the record stays as it is.
  return state ? t("selfCheckIn.alreadyMarked", { title, state: state.label }) : t("selfCheckIn.alreadyOnRegister", { title });
}

/** Why the code was not taken, in plain words, from the problem's `errors[].code`. */
export function refusalWords(error: unknown, terms: Terminology, t: TFunction): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    return t("selfCheckIn.tooMany", { count: minutes });
  }
  if (error.status === 403) return t("selfCheckIn.noParticipant", { participant: lower(terms.participant) });
  switch (error.codeOf("code")) {
    case "wrong_code":
      return t("selfCheckIn.wrongCode");
    case "not_a_member":
      return t("selfCheckIn.notAMember", { session: lower(terms.session) });
  }
  return null;
}

/**
 * A participant checks themselves in with the code on the screen: typed, or arriving from the QR
 * code with `?code=` (then sent at once, after signing in if need be).
 */
export function SelfCheckInPage({ states, timeZone, terms }: SelfCheckInPageProps) {
  const { t } = useTranslation();
  usePageTitle(t("selfCheckIn.title"));
  const [params, setParams] = useSearchParams();
  const checkIn = useSelfCheckIn();
  const [typed, setTyped] = useState("");
  const [formError, setFormError] = useState<string | undefined>();
  const answerRef = useRef<HTMLDivElement>(null);
  const fromQr = useRef(false);

  const send = (raw: string) => {
    const code = normalizeCode(raw);
    if (!code) {
      setFormError(t("selfCheckIn.codeRequired"));
      return;
    }
    if (code.length !== CODE_LENGTH) {
      setFormError(t("selfCheckIn.codeLength", { count: CODE_LENGTH }));
      return;
    }
    setFormError(undefined);
    if (!checkIn.isPending) checkIn.mutate(code, { onSuccess: () => setTyped("") });
  };

  // Arriving from the QR code: send its code once, and take it out of the address (a reload must
  // not send it again).
  const { mutate } = checkIn;
  const qrCode = params.get("code");
  useEffect(() => {
    if (!qrCode || fromQr.current) return;
    fromQr.current = true;
    const code = normalizeCode(qrCode);
    setParams({}, { replace: true });
    if (code) mutate(code);
  }, [qrCode, mutate, setParams]);

  useEffect(() => {
    if (checkIn.isSuccess || checkIn.isError) answerRef.current?.focus();
  }, [checkIn.isSuccess, checkIn.isError, checkIn.submittedAt]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(typed);
  };

  const refusal = refusalWords(checkIn.error, terms, t);

  return (
    <section className="page self-check-in">
      <h1>{t("selfCheckIn.title")}</h1>
      <p>{t("selfCheckIn.intro", { session: lower(terms.session) })}</p>
      {checkIn.isSuccess ? (
        <Alert tone="notice" ref={answerRef}>
          <p className="self-check-in__answer">{answerWords(checkIn.data, states, timeZone, t)}</p>
        </Alert>
      ) : null}
      {checkIn.isError && refusal ? (
        <Alert tone="error" ref={answerRef}>
          <p>{refusal}</p>
        </Alert>
      ) : null}
      {checkIn.isError && !refusal ? <ErrorAlert error={checkIn.error} /> : null}
      <form className="form form--narrow" onSubmit={onSubmit} noValidate>
        <TextField
          className="self-check-in__field"
          label={t("selfCheckIn.code")}
          hint={t("selfCheckIn.codeHint", { count: CODE_LENGTH })}
          error={formError}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={16}
        />
        <div className="form-actions">
          <ActionButton type="submit" className="button button--primary" pending={checkIn.isPending} pendingText={t("selfCheckIn.sending")}>
            {t("selfCheckIn.submit")}
          </ActionButton>
        </div>
      </form>
    </section>
  );
}
