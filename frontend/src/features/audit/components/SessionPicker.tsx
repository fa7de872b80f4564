import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { lower } from "@/components/terminology";
import { addDays, formatDay, formatNumber, todayIn } from "@/lib/intl";
import { useAuditSessions } from "@/features/audit/api/get-session";
import { useSessionChoices } from "@/features/audit/api/list-sessions";
import { sessionName } from "@/features/audit/entry-words";

interface SessionPickerProps {
  /** The chosen session's id, or "" for any. */
  value: string;
  onChange: (id: string) => void;
  groupId: string;
  from: string;
  to: string;
  timeZone: string | undefined;
  session: string;
  sessions: string;
}

// Without dates, the sessions of the last month and the coming week are offered.
const BACK_DAYS = 30;
const AHEAD_DAYS = 7;

/**
 * Choose a session by its title and date, never by an id: a search over the titles of the sessions
 * in the chosen dates (and group), and a list of those that match, each with its date and time.
 */
export function SessionPicker({ value, onChange, groupId, from, to, timeZone, session, sessions }: SessionPickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState("");
  const today = timeZone ? todayIn(timeZone) : new Date().toISOString().slice(0, 10);
  const first = from || addDays(to || today, -BACK_DAYS);
  const last = to || (from ? addDays(from, BACK_DAYS + AHEAD_DAYS) : addDays(today, AHEAD_DAYS));
  const choices = useSessionChoices(first <= last ? { groupId: groupId || undefined, from: first, to: last } : null);
  const chosen = useAuditSessions(value ? [value] : []).get(value);
  const words = search.trim().toLocaleLowerCase();
  const found = useMemo(() => {
    const all = [...(choices.data?.items ?? [])].reverse(); // the latest first
    return words ? all.filter((s) => s.title.toLocaleLowerCase().includes(words)) : all;
  }, [choices.data, words]);
  // The chosen one stays listed even when the search or the dates leave it out.
  const listed = chosen && !found.some((s) => s.id === chosen.id) ? [chosen, ...found] : found;

  return (
    <fieldset className="fieldset session-picker">
      <legend>{session}</legend>
      <div className="field">
        <label htmlFor={`${id}-q`}>{t("audit.sessionPicker.search", { session: lower(session) })}</label>
        <input id={`${id}-q`} type="search" value={search} autoComplete="off" onChange={(e) => setSearch(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-s`}>{t("audit.sessionPicker.choose", { session: lower(session) })}</label>
        <p id={`${id}-hint`} className="field__hint">
          {t("audit.sessionPicker.hint", { sessions: lower(sessions), from: formatDay(first), to: formatDay(last) })}{" "}
          {choices.data ? t("audit.sessionPicker.count", { count: found.length, shown: formatNumber(found.length) }) : null}
        </p>
        <select id={`${id}-s`} aria-describedby={`${id}-hint`} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t("audit.sessionPicker.any", { session: lower(session) })}</option>
          {value && !chosen ? <option value={value}>{t("audit.sessionPicker.chosen", { session: lower(session) })}</option> : null}
          {listed.map((s) => (
            <option key={s.id} value={s.id}>
              {sessionName(s, timeZone)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
