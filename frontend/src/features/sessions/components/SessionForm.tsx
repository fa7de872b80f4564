import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField, SelectField, TextAreaField, TextField } from "@/components/Field";
import { lower } from "@/components/terminology";
import { addDays, todayIn } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreateSession, type SessionCreated, type SessionInput, type Weekday } from "@/features/sessions/api/create-session";
import type { SessionMode } from "@/features/sessions/api/list-sessions";
import { ModeChoice } from "./ModeChoice";
import type { SessionScreenProps } from "./types";
import { WEEKDAYS, weekdayName, weekdayOf } from "./weekdays";

const FIELDS = [
  "group_id",
  "title",
  "starts_at",
  "ends_at",
  "location",
  "mode",
  "notes",
  "repeat",
  "repeat.interval",
  "repeat.by_weekday",
  "repeat.until",
  "repeat.count",
];

interface SessionFormProps extends Pick<SessionScreenProps, "groups" | "terms" | "timeZone"> {
  initialGroupId?: string;
  onCreated: (created: SessionCreated, lastDay: string) => void;
  onCancel: () => void;
}

/** A new session, or a daily or weekly series of them, at local times of the organization. */
export function SessionForm({ groups, terms, timeZone, initialGroupId, onCreated, onCancel }: SessionFormProps) {
  const { t } = useTranslation();
  const create = useCreateSession();
  const today = timeZone ? todayIn(timeZone) : "";
  const [groupId, setGroupId] = useState(initialGroupId ?? groups?.[0]?.id ?? "");
  const [title, setTitle] = useState("");
  const [date, setDate] = useState(today);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("10:00");
  const [location, setLocation] = useState("");
  const [mode, setMode] = useState<SessionMode>("roll_call");
  const [notes, setNotes] = useState("");
  const [repeat, setRepeat] = useState<"none" | "daily" | "weekly">("none");
  const [interval, setRepeatInterval] = useState("1");
  const [weekdays, setWeekdays] = useState<Weekday[]>([]);
  const [endKind, setEndKind] = useState<"until" | "count">("until");
  const [until, setUntil] = useState(today ? addDays(today, 27) : "");
  const [count, setCount] = useState("8");
  const errors = fieldErrors(create.error instanceof ApiError ? create.error.problem : null);

  const chosenWeekdays = weekdays.length ? weekdays : [weekdayOf(date)].filter((d): d is Weekday => Boolean(d));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const input: SessionInput = {
      group_id: groupId,
      title: title.trim(),
      starts_at: `${date}T${start}`,
      ends_at: `${date}T${end}`,
      mode,
    };
    if (location.trim()) input.location = location.trim();
    if (notes.trim()) input.notes = notes.trim();
    let lastDay = date;
    if (repeat !== "none") {
      const every = Number(interval || 1);
      input.repeat = { freq: repeat, interval: every };
      if (repeat === "weekly") input.repeat.by_weekday = chosenWeekdays;
      if (endKind === "until") {
        input.repeat.until = until;
        lastDay = until;
      } else {
        input.repeat.count = Number(count || 0);
        // An upper bound of the last day, for the list shown afterwards.
        const perWeek = repeat === "weekly" ? Math.max(1, chosenWeekdays.length) : 7;
        lastDay = addDays(date, Math.ceil((Number(count || 1) / perWeek) * 7 * every) + 7);
      }
    }
    create.mutate(input, { onSuccess: (created) => onCreated(created, lastDay) });
  };

  const toggleWeekday = (day: Weekday, on: boolean) =>
    setWeekdays((current) => {
      const base = current.length ? current : chosenWeekdays;
      return on ? [...new Set([...base, day])] : base.filter((d) => d !== day);
    });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={create.error} shownFields={FIELDS} />
      <SelectField label={terms.group} error={errors.group_id} value={groupId} onChange={(e) => setGroupId(e.target.value)} required>
        {groups?.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </SelectField>
      <TextField label={t("sessions.form.title")} error={errors.title} value={title} onChange={(e) => setTitle(e.target.value)} required />
      <div className="form-row">
        <TextField type="date" label={t("sessions.form.date")} value={date} onChange={(e) => setDate(e.target.value)} required />
        <TextField
          className="field--narrow"
          type="time"
          label={t("sessions.form.starts")}
          error={errors.starts_at}
          value={start}
          onChange={(e) => setStart(e.target.value)}
          required
        />
        <TextField
          className="field--narrow"
          type="time"
          label={t("sessions.form.ends")}
          error={errors.ends_at}
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          required
        />
      </div>
      <p className="field__hint">{t("sessions.form.timeZoneHint", { zone: timeZone ?? "" })}</p>
      <TextField label={t("sessions.form.location")} error={errors.location} value={location} onChange={(e) => setLocation(e.target.value)} />
      <ModeChoice value={mode} onChange={setMode} error={errors.mode} />
      <TextAreaField label={t("sessions.form.notes")} error={errors.notes} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />

      <fieldset className="fieldset">
        <legend>{t("sessions.form.repeats")}</legend>
        {errors.repeat ? <p className="field__error">{errors.repeat}</p> : null}
        <div className="fieldset--inline">
          {(["none", "daily", "weekly"] as const).map((kind) => (
            <label key={kind} className="checkbox">
              <input type="radio" name="repeat" value={kind} checked={repeat === kind} onChange={() => setRepeat(kind)} />
              {kind === "none" ? t("sessions.form.once") : kind === "daily" ? t("sessions.form.daily") : t("sessions.form.weekly")}
            </label>
          ))}
        </div>
        {repeat === "none" ? null : (
          <>
            <TextField
              className="field--narrow"
              type="number"
              min={1}
              max={52}
              inputMode="numeric"
              label={repeat === "weekly" ? t("sessions.form.everyWeeks") : t("sessions.form.everyDays")}
              error={errors["repeat.interval"]}
              value={interval}
              onChange={(e) => setRepeatInterval(e.target.value)}
            />
            {repeat === "weekly" ? (
              <fieldset className="fieldset">
                <legend>{t("sessions.form.onDays")}</legend>
                {errors["repeat.by_weekday"] ? <p className="field__error">{errors["repeat.by_weekday"]}</p> : null}
                <div className="weekdays">
                  {WEEKDAYS.map((day) => (
                    <CheckboxField
                      key={day}
                      label={weekdayName(day)}
                      checked={chosenWeekdays.includes(day)}
                      onChange={(e) => toggleWeekday(day, e.target.checked)}
                    />
                  ))}
                </div>
              </fieldset>
            ) : null}
            <fieldset className="fieldset">
              <legend>{t("sessions.form.endsOn")}</legend>
              <div className="fieldset--inline">
                <label className="checkbox">
                  <input type="radio" name="end-kind" checked={endKind === "until"} onChange={() => setEndKind("until")} />
                  {t("sessions.form.untilDate")}
                </label>
                <label className="checkbox">
                  <input type="radio" name="end-kind" checked={endKind === "count"} onChange={() => setEndKind("count")} />
                  {t("sessions.form.afterCount", { sessions: lower(terms.sessions) })}
                </label>
              </div>
              {endKind === "until" ? (
                <TextField type="date" label={t("sessions.form.lastDate")} error={errors["repeat.until"]} value={until} onChange={(e) => setUntil(e.target.value)} />
              ) : (
                <TextField
                  className="field--narrow"
                  type="number"
                  min={1}
                  inputMode="numeric"
                  label={t("sessions.form.count", { sessions: lower(terms.sessions) })}
                  error={errors["repeat.count"]}
                  value={count}
                  onChange={(e) => setCount(e.target.value)}
                />
              )}
            </fieldset>
          </>
        )}
      </fieldset>
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={create.isPending}>
          {repeat === "none" ? t("sessions.form.createOne", { session: lower(terms.session) }) : t("sessions.form.createSeries")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
