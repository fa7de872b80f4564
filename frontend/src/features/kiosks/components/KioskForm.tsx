import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField, TextField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { addDays, formatShortDate, formatTimeRange, todayIn, zonedTimeToUtc } from "@/lib/intl";
import { fieldSentence, namedFieldSentence } from "@/lib/field-words";
import { ApiError, fieldErrors } from "@/lib/problem";
import { newIdempotencyKey, useCreateKiosk, type KioskCreated, type KioskInput } from "@/features/kiosks/api/create-kiosk";
import type { KioskSession } from "@/features/kiosks/api/list-kiosks";

/** A session a kiosk may serve: taken by check-in, not closed, one the user records for. */
export type KioskCandidate = Pick<KioskSession, "id" | "title" | "starts_at" | "ends_at" | "location" | "status" | "mode">;

interface KioskFormProps {
  sessions: readonly KioskCandidate[] | undefined;
  timeZone: string | undefined;
  terms: Terminology;
  onCreated: (kiosk: KioskCreated) => void;
  onCancel: () => void;
}

/** "Gala dinner — Thu 27 Nov 2026, 18:00–23:00 · Ballroom" */
export function sessionLabel(session: KioskCandidate, timeZone: string | undefined): string {
  const starts = new Date(session.starts_at);
  const when = `${formatShortDate(starts, timeZone)}, ${formatTimeRange(starts, new Date(session.ends_at), timeZone)}`;
  return session.location ? `${session.title} — ${when} · ${session.location}` : `${session.title} — ${when}`;
}

/** A new kiosk: its name, the sessions it serves, and until when it works. */
export function KioskForm({ sessions, timeZone, terms, onCreated, onCancel }: KioskFormProps) {
  const { t } = useTranslation();
  const create = useCreateKiosk();
  // The same request sent again (after a lost answer) keeps its key: the server gives back the
  // kiosk it made rather than a second one. A changed request is a new one.
  const lastSent = useRef<{ body: string; key: string } | null>(null);
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [until, setUntil] = useState<"sessions" | "time">("sessions");
  const today = timeZone ? todayIn(timeZone) : "";
  const [date, setDate] = useState(today ? addDays(today, 1) : "");
  const [time, setTime] = useState("18:00");
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const problem = create.error instanceof ApiError ? create.error.problem : null;
  const errors = { ...fieldErrors(problem, terms), ...formErrors };
  const sentIds = create.variables?.input.session_ids ?? [];
  // "session_ids.2" names the third session sent: say which one, by its title.
  const sessionProblems = (problem?.errors ?? [])
    .filter((e) => /^session_ids\.\d+$/.test(e.field))
    .map((e) => {
      const id = sentIds[Number(e.field.split(".")[1])];
      const session = sessions?.find((s) => s.id === id);
      const sentence = fieldSentence(e, terms);
      return session ? t("kiosks.form.sessionProblem", { title: session.title, message: sentence }) : namedFieldSentence(e, terms);
    });
  const shown = ["name", "session_ids", "expires_at", ...(problem?.errors ?? []).map((e) => e.field).filter((f) => f.startsWith("session_ids."))];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const mine: Record<string, string> = {};
    if (!name.trim()) mine.name = t("kiosks.form.nameRequired");
    if (!chosen.length) mine.session_ids = t("kiosks.form.sessionsRequired", { sessions: lower(terms.sessions) });
    if (until === "time" && (!date || !time)) mine.expires_at = t("kiosks.form.untilRequired");
    setFormErrors(mine);
    if (Object.keys(mine).length) return;
    const input: KioskInput = { name: name.trim(), session_ids: chosen };
    if (until === "time" && timeZone) input.expires_at = zonedTimeToUtc(date, time, timeZone).toISOString();
    const body = JSON.stringify(input);
    if (lastSent.current?.body !== body) lastSent.current = { body, key: newIdempotencyKey() };
    create.mutate({ input, idempotencyKey: lastSent.current.key }, { onSuccess: onCreated });
  };

  const toggle = (id: string, on: boolean) => setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={create.error} shownFields={shown} />
      {sessionProblems.length ? (
        <Alert tone="error">
          {sessionProblems.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </Alert>
      ) : null}
      <TextField
        label={t("kiosks.form.name")}
        hint={t("kiosks.form.nameHint")}
        error={errors.name}
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="off"
        required
      />
      <fieldset className="fieldset" aria-describedby="kiosk-sessions-hint">
        <legend>{t("kiosks.form.sessions", { sessions: terms.sessions })}</legend>
        <p id="kiosk-sessions-hint" className="field__hint">
          {t("kiosks.form.sessionsHint", { sessions: lower(terms.sessions) })}
        </p>
        {errors.session_ids ? <p className="field__error">{errors.session_ids}</p> : null}
        {sessions === undefined ? <p className="muted">{t("ui.loading")}</p> : null}
        {sessions?.length === 0 ? <p className="empty">{t("kiosks.form.noSessions", { sessions: lower(terms.sessions) })}</p> : null}
        {sessions?.map((session) => (
          <CheckboxField
            key={session.id}
            label={sessionLabel(session, timeZone)}
            checked={chosen.includes(session.id)}
            onChange={(e) => toggle(session.id, e.target.checked)}
          />
        ))}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t("kiosks.form.until")}</legend>
        <div className="fieldset--inline">
          <label className="checkbox">
            <input type="radio" name="kiosk-until" checked={until === "sessions"} onChange={() => setUntil("sessions")} />
            {t("kiosks.form.untilSessions", { session: lower(terms.session) })}
          </label>
          <label className="checkbox">
            <input type="radio" name="kiosk-until" checked={until === "time"} onChange={() => setUntil("time")} />
            {t("kiosks.form.untilTime")}
          </label>
        </div>
        {until === "time" ? (
          <>
            <div className="form-row">
              <TextField type="date" label={t("kiosks.form.untilDate")} value={date} onChange={(e) => setDate(e.target.value)} error={errors.expires_at} />
              <TextField className="field--narrow" type="time" label={t("kiosks.form.untilClock")} value={time} onChange={(e) => setTime(e.target.value)} />
            </div>
            <p className="field__hint">{t("kiosks.form.timeZoneHint", { zone: timeZone ?? "" })}</p>
          </>
        ) : errors.expires_at ? (
          <p className="field__error">{errors.expires_at}</p>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={create.isPending} pendingText={t("kiosks.form.creating")}>
          {t("kiosks.form.create")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
