import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { TextAreaField, TextField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { ApiError, fieldErrors } from "@/lib/problem";
import { newNoticeKey, useCreateNotice } from "@/features/advance-notices/api/create-notice";
import type { Notice } from "@/features/advance-notices/api/list-notices";
import { useNoticeParticipants, type NoticeParticipant } from "@/features/advance-notices/api/search-participants";
import { checkRange, MAX_DAYS, type RangeProblem } from "./notice-dates";
import type { NoticeState } from "./types";

const SHOWN_FIELDS = ["participant_id", "from", "to", "state", "note"];

const RANGE_KEYS = {
  from_missing: "notices.form.fromMissing",
  to_missing: "notices.form.toMissing",
  to_before_from: "notices.form.toBeforeFrom",
  too_long: "notices.form.tooLong",
} as const satisfies Record<RangeProblem, string>;

interface NoticeFormProps {
  /** Staff record one for someone (approved at once); a participant asks for one for themselves. */
  mode: "staff" | "self";
  /** Whose absence, for a participant asking for themselves. */
  participantId?: string;
  /** The states it may have: absent or excused ones for staff, excused ones for a participant. */
  states: readonly NoticeState[];
  /** Today in the organization's timezone ("YYYY-MM-DD"): the first day offered. */
  today: string;
  terms: Terminology;
  onDone: (notice: Notice) => void;
  onCancel?: () => void;
}

/** An absence known beforehand: whose (staff choose), from which day to which, how it is marked, why. */
export function NoticeForm({ mode, participantId, states, today, terms, onDone, onCancel }: NoticeFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateNotice();
  const [key, setKey] = useState(newNoticeKey);
  const [who, setWho] = useState<NoticeParticipant | null>(null);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [state, setState] = useState(states[0]?.code ?? "");
  const [note, setNote] = useState("");
  const [checked, setChecked] = useState(false);

  const range = checked ? checkRange(from, to) : {};
  const whoMissing = checked && mode === "staff" && !who;
  const error = create.error;
  const errors = fieldErrors(error instanceof ApiError ? error.problem : null);
  const stateCode = error instanceof ApiError ? error.codeOf("state") : undefined;
  const stateError =
    stateCode === "no_such_state"
      ? t("notices.form.noSuchState", { groups: lower(terms.groups) })
      : stateCode === "not_an_absence"
        ? t("notices.form.notAnAbsence")
        : errors.state;
  const rangeMessage = (problem: RangeProblem | undefined) => (problem ? t(RANGE_KEYS[problem], { days: MAX_DAYS }) : undefined);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    const target = mode === "self" ? participantId : who?.id;
    if (create.isPending || !target || Object.keys(checkRange(from, to)).length || !state) return;
    create.mutate(
      { input: { participant_id: target, from, to, state, ...(note.trim() ? { note: note.trim() } : {}) }, key },
      {
        onSuccess: (notice) => {
          setKey(newNoticeKey());
          onDone(notice);
        },
        // A refused notice was not recorded: its correction is a new request.
        onError: () => setKey(newNoticeKey()),
      },
    );
  };

  return (
    <form className="form notice-form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={error} shownFields={SHOWN_FIELDS} />
      {mode === "staff" ? <ParticipantPicker terms={terms} chosen={who} onChoose={setWho} error={whoMissing ? t("notices.form.whoMissing", { participant: lower(terms.participant) }) : errors.participant_id} /> : null}
      <div className="form-row notice-form__days">
        <TextField
          className="field--narrow"
          type="date"
          label={t("notices.form.from")}
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
            if (to < e.target.value) setTo(e.target.value);
          }}
          error={rangeMessage(range.from) ?? errors.from}
          required
        />
        <TextField
          className="field--narrow"
          type="date"
          label={t("notices.form.to")}
          value={to}
          min={from}
          onChange={(e) => setTo(e.target.value)}
          error={rangeMessage(range.to) ?? errors.to}
          required
        />
      </div>
      <fieldset className="fieldset" aria-describedby={stateError ? `${id}-state-error` : undefined}>
        <legend>{t("notices.form.state")}</legend>
        {states.map((s) => (
          <label key={s.code} className="radio">
            <input type="radio" name={`${id}-state`} value={s.code} checked={state === s.code} onChange={() => setState(s.code)} />
            {s.label}
          </label>
        ))}
        {states.length === 0 ? <p className="muted">{t("notices.form.noStates")}</p> : null}
        {stateError ? (
          <p id={`${id}-state-error`} className="field__error">
            {stateError}
          </p>
        ) : null}
      </fieldset>
      <TextAreaField
        label={mode === "self" ? t("notices.form.reason") : t("notices.form.note")}
        hint={mode === "self" ? t("notices.form.reasonHint") : undefined}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.note}
        rows={2}
        maxLength={2000}
      />
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={create.isPending} pendingText={t("notices.form.sending")}>
          {mode === "self" ? t("notices.form.ask") : t("notices.form.record")}
        </ActionButton>
        {onCancel ? (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t("ui.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Find the participant by name or reference, then choose them. */
function ParticipantPicker({ terms, chosen, onChoose, error }: { terms: Terminology; chosen: NoticeParticipant | null; onChoose: (p: NoticeParticipant) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const found = useNoticeParticipants(query ?? "", { enabled: query !== null });
  const search = () => setQuery(draft.trim());
  return (
    <fieldset className="fieldset" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t("notices.form.who", { participant: terms.participant })}</legend>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t("notices.form.search", { participants: lower(terms.participants) })}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              // Enter finds (the form around it is the notice's, not the search's).
              if (e.key === "Enter") {
                e.preventDefault();
                search();
              }
            }}
          />
        </div>
        <button type="button" className="button button--secondary" onClick={search}>
          {t("notices.form.find")}
        </button>
      </div>
      <ErrorAlert error={found.error} focus={false} />
      {query !== null && found.data ? (
        found.data.length === 0 ? (
          <p role="status" className="muted">
            {t("notices.form.noMatches")}
          </p>
        ) : (
          <div role="group" aria-label={t("notices.form.matches")}>
            {found.data.map((p) => (
              <label key={p.id} className="radio">
                <input type="radio" name={`${id}-who`} checked={chosen?.id === p.id} onChange={() => onChoose(p)} />
                <span>
                  {p.name}
                  {p.external_ref ? <span className="muted"> ({p.external_ref})</span> : null}
                </span>
              </label>
            ))}
          </div>
        )
      ) : null}
      {chosen && !found.data?.some((p) => p.id === chosen.id) ? <p>{t("notices.form.chosen", { name: chosen.name })}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
