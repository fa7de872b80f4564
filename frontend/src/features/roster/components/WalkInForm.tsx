import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextAreaField, TextField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { ApiError, fieldErrors } from "@/lib/problem";
import type { WalkInCreated } from "@/features/roster/api/add-walk-in";
import type { SendOutcome } from "@/features/roster/hooks/roll-call-sender";
import type { WalkIn } from "@/features/roster/hooks/use-roll-call";
import type { RosterState } from "./types";

const SHOWN_FIELDS = ["name", "state", "note", "session_id"];

interface WalkInFormProps {
  /** The states this user may record, in order. */
  states: readonly RosterState[];
  terms: Terminology;
  onAdd: (walkIn: WalkIn) => Promise<SendOutcome<WalkInCreated>>;
  /** Added (or kept to be added): the message to show on the roster. */
  onDone: (message: string) => void;
  onCancel: () => void;
}

/**
 * Someone not on the list (a guest, a temporary student): their name, how they are marked and a
 * note. The states are radio buttons, big enough for a thumb; the default state is chosen.
 */
export function WalkInForm({ states, terms, onAdd, onDone, onCancel }: WalkInFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState("");
  const [state, setState] = useState(() => (states.find((s) => s.is_default) ?? states[0])?.code ?? "");
  const [note, setNote] = useState("");
  const [nameMissing, setNameMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const problem = error instanceof ApiError ? error.problem : null;
  const errors = fieldErrors(problem);
  const closed = error instanceof ApiError && error.codeOf("session_id") === "session_closed";
  const stateError = error instanceof ApiError && error.codeOf("state") === "no_such_state" ? t("roster.walkIn.noSuchState") : errors.state;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setNameMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await onAdd({ name: trimmed, state, note: note.trim() || null });
    setBusy(false);
    if (outcome.kind === "saved") onDone(t("roster.walkIn.added", { name: trimmed, session: lower(terms.session) }));
    else if (outcome.kind === "queued") onDone(t("roster.walkIn.queued", { name: trimmed }));
    else setError(outcome.error);
  };

  return (
    <form className="form walk-in-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <p className="muted">{t("roster.walkIn.intro", { group: lower(terms.group), session: lower(terms.session) })}</p>
      {closed ? (
        <p className="alert alert--error" role="alert">
          {t("roster.walkIn.closed", { session: lower(terms.session) })}
        </p>
      ) : (
        <ErrorAlert error={error} shownFields={SHOWN_FIELDS} />
      )}
      <TextField
        label={t("roster.walkIn.name")}
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setNameMissing(false);
        }}
        error={nameMissing ? t("roster.walkIn.nameMissing") : errors.name}
        autoComplete="off"
        maxLength={200}
        required
      />
      <fieldset className="fieldset walk-in-form__states" aria-describedby={stateError ? `${id}-state-error` : undefined}>
        <legend>{t("roster.walkIn.state")}</legend>
        {states.map((s) => (
          <label key={s.code} className="radio">
            <input type="radio" name={`${id}-state`} value={s.code} checked={state === s.code} onChange={() => setState(s.code)} />
            {s.label}
          </label>
        ))}
        {stateError ? (
          <p id={`${id}-state-error`} className="field__error">
            {stateError}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField label={t("roster.walkIn.note")} hint={t("roster.walkIn.noteHint")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} rows={2} maxLength={2000} />
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={busy} pendingText={t("roster.walkIn.adding")}>
          {t("roster.walkIn.submit")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
