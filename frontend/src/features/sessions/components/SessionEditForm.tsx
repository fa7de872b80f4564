import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ConfirmAction } from "@/components/ConfirmAction";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField, TextAreaField, TextField } from "@/components/Field";
import type { Terminology } from "@/components/terminology";
import { lower } from "@/components/terminology";
import { zonedParts } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import type { Session, SessionMode, SessionStatus } from "@/features/sessions/api/list-sessions";
import { useUpdateSession, type SessionPatch } from "@/features/sessions/api/update-session";
import { ModeChoice } from "./ModeChoice";
import { STATUS_KEYS } from "./types";

const FIELDS = ["title", "starts_at", "ends_at", "location", "mode", "status", "notes", "scope"];

function ScopeChoice({ value, onChange, terms }: { value: "this" | "following"; onChange: (v: "this" | "following") => void; terms: Terminology }) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t("sessions.edit.scope")}</legend>
      <label className="checkbox">
        <input type="radio" name="scope" checked={value === "this"} onChange={() => onChange("this")} />
        {t("sessions.edit.scopeThis", { session: lower(terms.session) })}
      </label>
      <label className="checkbox">
        <input type="radio" name="scope" checked={value === "following"} onChange={() => onChange("following")} />
        {t("sessions.edit.scopeFollowing", { sessions: lower(terms.sessions) })}
      </label>
    </fieldset>
  );
}

interface EditProps {
  session: Session;
  timeZone: string;
  terms: Terminology;
  onDone: () => void;
}

/** Change one session, or it and the rest of its series; only what changed is sent. */
export function SessionEditForm({ session, timeZone, terms, onDone }: EditProps) {
  const { t } = useTranslation();
  const update = useUpdateSession();
  const startParts = zonedParts(new Date(session.starts_at), timeZone);
  const endParts = zonedParts(new Date(session.ends_at), timeZone);
  const [title, setTitle] = useState(session.title);
  const [date, setDate] = useState(startParts.date);
  const [start, setStart] = useState(startParts.time);
  const [end, setEnd] = useState(endParts.time);
  const [location, setLocation] = useState(session.location ?? "");
  const [mode, setMode] = useState<SessionMode>(session.mode);
  const [status, setStatus] = useState<SessionStatus>(session.status);
  const [notes, setNotes] = useState(session.notes ?? "");
  const [scope, setScope] = useState<"this" | "following">("this");
  const errors = fieldErrors(update.error instanceof ApiError ? update.error.problem : null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const patch: SessionPatch = {};
    if (title.trim() !== session.title) patch.title = title.trim();
    if (date !== startParts.date || start !== startParts.time || end !== endParts.time) {
      patch.starts_at = `${date}T${start}`;
      // An end before the start runs past midnight.
      patch.ends_at = `${date}T${end}`;
    }
    if (location.trim() !== (session.location ?? "")) patch.location = location.trim() || null;
    if (mode !== session.mode) patch.mode = mode;
    if (status !== session.status) patch.status = status;
    if (notes.trim() !== (session.notes ?? "")) patch.notes = notes.trim() || null;
    if (session.series_id) patch.scope = scope;
    update.mutate({ id: session.id, patch }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={update.error} shownFields={FIELDS} />
      <TextField label={t("sessions.form.title")} error={errors.title} value={title} onChange={(e) => setTitle(e.target.value)} required />
      <div className="form-row">
        <TextField type="date" label={t("sessions.form.date")} value={date} onChange={(e) => setDate(e.target.value)} required />
        <TextField className="field--narrow" type="time" label={t("sessions.form.starts")} error={errors.starts_at} value={start} onChange={(e) => setStart(e.target.value)} />
        <TextField className="field--narrow" type="time" label={t("sessions.form.ends")} error={errors.ends_at} value={end} onChange={(e) => setEnd(e.target.value)} />
      </div>
      <div className="form-row">
        <TextField label={t("sessions.form.location")} error={errors.location} value={location} onChange={(e) => setLocation(e.target.value)} />
        <SelectField label={t("sessions.form.status")} error={errors.status} value={status} onChange={(e) => setStatus(e.target.value as SessionStatus)}>
          {Object.entries(STATUS_KEYS).map(([value, key]) => (
            <option key={value} value={value}>
              {t(key)}
            </option>
          ))}
        </SelectField>
      </div>
      <ModeChoice value={mode} onChange={setMode} error={errors.mode} />
      <TextAreaField label={t("sessions.form.notes")} error={errors.notes} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
      {session.series_id ? <ScopeChoice value={scope} onChange={setScope} terms={terms} /> : null}
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={update.isPending}>
          {t("ui.save")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}

/** Cancel a session (or it and the rest of its series); its records, if any, stay. */
export function CancelSession({ session, terms, onDone }: Omit<EditProps, "timeZone">) {
  const { t } = useTranslation();
  const update = useUpdateSession();
  const [scope, setScope] = useState<"this" | "following">("this");
  return (
    <ConfirmAction
      confirmLabel={t("sessions.cancel.confirm", { session: lower(terms.session) })}
      cancelLabel={t("sessions.cancel.keep")}
      error={update.error}
      pending={update.isPending}
      onConfirm={() =>
        update.mutate({ id: session.id, patch: { status: "cancelled", ...(session.series_id ? { scope } : {}) } }, { onSuccess: onDone })
      }
      onCancel={onDone}
    >
      <p>{t("sessions.cancel.body", { session: lower(terms.session) })}</p>
      {session.series_id ? <ScopeChoice value={scope} onChange={setScope} terms={terms} /> : null}
    </ConfirmAction>
  );
}
