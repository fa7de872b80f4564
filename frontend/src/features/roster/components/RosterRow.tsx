import { memo, useId, useState, type CSSProperties, type FormEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { StateLabel, textColorOn } from "@/components/StateLabel";
import type { CheckAction } from "@/lib/offline/db";
import type { RosterState } from "./types";

/** The domain's verbs on the check-in button ("Check in", "Clock in", "Sign in"). */
export interface CheckLabels {
  checkIn: string;
  checkOut: string;
}

/** A state as a button: its style (colour, and black or white text on it) made once, not per row. */
export interface StateButton {
  code: string;
  label: string;
  style: CSSProperties;
}

export function stateButtons(states: readonly RosterState[]): StateButton[] {
  return states.map((state) => ({
    code: state.code,
    label: state.label,
    style: { "--state-color": state.color, "--state-text": textColorOn(state.color) } as CSSProperties,
  }));
}

export interface RosterRowProps {
  participantId: string;
  name: string;
  externalRef: string | null;
  /** The state shown (saved or being saved); null: unmarked. */
  stateCode: string | null;
  note: string | null;
  saving: boolean;
  /** Made offline: kept on this device and not sent yet. */
  waiting: boolean;
  /** Added on the spot to this session (a walk-in), not a member of the group. */
  walkIn?: boolean;
  /** What sync said about this person's change that did not go through, in words. */
  notice: string | null;
  onDismissNotice: (participantId: string) => void;
  recordId: string | null;
  /** The states this user may record, as buttons. */
  states: readonly StateButton[];
  /** Every state of the domain by code, retired ones too: a mark is always shown in words. */
  stateByCode: ReadonlyMap<string, RosterState>;
  readOnly: boolean;
  onMark: (participantId: string, state: string) => void;
  onSaveNote: (participantId: string, note: string) => void;
  onHistory: (participantId: string) => void;
  /**
   * A session where people check in and out (check_in_out, self_check_in): the row's main action
   * is the domain's check-in or check-out, and the states move behind "More". Undefined: roll call.
   */
  checkLabels?: CheckLabels;
  /** Checked in and not out: the button checks out. */
  checkedIn?: boolean;
  /** When they came and went, in words ("In since 08:57 · 12 min late"); null: not in. */
  checkLine?: string | null;
  onCheck?: (participantId: string, action: CheckAction) => void;
  /** The page's `t`: one translation hook for the page rather than one per row. */
  t: TFunction;
}

/**
 * One participant: their name, one button per state (named by the state's label, pressed when it
 * is theirs, at least 44×44 px), a note and their record's history. Memoised: marking one person
 * re-renders one row, not five hundred.
 */
export const RosterRow = memo(function RosterRow(props: RosterRowProps) {
  const { participantId, name, externalRef, stateCode, note, saving, waiting, walkIn, notice, recordId, states, stateByCode, readOnly, checkLabels, checkedIn, checkLine, t } = props;
  const id = useId();
  // Note and history sit behind one disclosure: a row stays a handful of elements, 500 of them cheap.
  const [expanded, setExpanded] = useState(false);
  const [editingNote, setEditingNote] = useState(false);
  const current = stateCode ? stateByCode.get(stateCode) : undefined;
  const offered = states.some((s) => s.code === stateCode);
  const checking = checkLabels !== undefined;
  // Checking in and out, the states sit behind "More" (staff can still mark and correct).
  const hasMore = recordId !== null || (!readOnly && (stateCode !== null || checking));
  const stateButtons = (
    <div className="roster-row__states" role="group" aria-labelledby={`${id}-name`}>
      {states.map((state) => (
        <button
          key={state.code}
          type="button"
          className="state-button"
          aria-pressed={state.code === stateCode}
          style={state.style}
          onClick={() => {
            if (state.code !== stateCode) props.onMark(participantId, state.code);
          }}
        >
          {state.label}
        </button>
      ))}
    </div>
  );

  return (
    <li className="roster-row" aria-busy={saving || undefined}>
      <div className="roster-row__who">
        <span id={`${id}-name`} className="roster-row__name">
          {name}
        </span>
        {externalRef ? <span className="roster-row__ref">{externalRef}</span> : null}
        {walkIn ? <span className="roster-row__walk-in">{t("roster.walkIn.label")}</span> : null}
        {stateCode && (!offered || readOnly || checking) ? (
          <span className="roster-row__current">
            <StateLabel color={current?.color} label={current?.label ?? stateCode} />
          </span>
        ) : null}
        {!stateCode && readOnly && !checking ? <span className="roster-row__current muted">{t("roster.unmarked")}</span> : null}
        {checking ? <span className="roster-row__times">{checkLine ?? t("roster.check.notIn")}</span> : null}
        {note ? (
          <p className="roster-row__note">
            <span className="visually-hidden">{t("roster.noteLabel")}: </span>
            {note}
          </p>
        ) : null}
        {saving ? <span className="roster-row__saving">{t("roster.saving")}</span> : null}
        {waiting ? <span className="roster-row__waiting">{t("roster.waiting")}</span> : null}
        {notice ? (
          <p className="roster-row__notice">
            {notice}{" "}
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={t("roster.dismissNoticeFor", { name })}
              onClick={() => props.onDismissNotice(participantId)}
            >
              {t("ui.dismiss")}
            </button>
          </p>
        ) : null}
      </div>
      {readOnly ? null : checking ? (
        <button
          type="button"
          className={checkedIn ? "button button--secondary roster-row__check" : "button button--primary roster-row__check"}
          aria-label={t("roster.check.buttonFor", { action: checkedIn ? checkLabels.checkOut : checkLabels.checkIn, name })}
          onClick={() => props.onCheck?.(participantId, checkedIn ? "check_out" : "check_in")}
        >
          {checkedIn ? checkLabels.checkOut : checkLabels.checkIn}
        </button>
      ) : (
        stateButtons
      )}
      {hasMore ? (
        <button
          type="button"
          className="button button--quiet button--small roster-row__toggle"
          aria-expanded={expanded}
          aria-controls={`${id}-more`}
          aria-label={t("roster.moreFor", { name })}
          onClick={() => {
            setExpanded((open) => !open);
            setEditingNote(false);
          }}
        >
          {t("roster.more")}
        </button>
      ) : null}
      {expanded && hasMore ? (
        <div id={`${id}-more`} className="roster-row__panel">
          {editingNote ? (
            <NoteForm
              id={`${id}-note`}
              name={name}
              note={note}
              onSave={(text) => {
                props.onSaveNote(participantId, text);
                setEditingNote(false);
              }}
              onCancel={() => setEditingNote(false)}
            />
          ) : (
            <>
              {checking && !readOnly && states.length ? (
                <div className="roster-row__mark">
                  <p className="roster-row__mark-label">{t("roster.check.markAs")}</p>
                  {stateButtons}
                </div>
              ) : null}
              <div className="form-actions">
                {!readOnly && stateCode ? (
                  <button type="button" className="button button--secondary button--small" onClick={() => setEditingNote(true)}>
                    {note ? t("roster.editNote") : t("roster.addNote")}
                  </button>
                ) : null}
                {recordId ? (
                  <button type="button" className="button button--secondary button--small" onClick={() => props.onHistory(participantId)}>
                    {t("roster.history")}
                  </button>
                ) : null}
              </div>
            </>
          )}
        </div>
      ) : null}
    </li>
  );
});

function NoteForm({ id, name, note, onSave, onCancel }: { id: string; name: string; note: string | null; onSave: (note: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(note ?? "");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave(text.trim());
  };
  return (
    <form className="roster-row__note-form" onSubmit={onSubmit}>
      <label htmlFor={`${id}-text`}>{t("roster.noteFor", { name })}</label>
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the user just asked to write a note */}
      <textarea id={`${id}-text`} value={text} maxLength={2000} rows={2} autoFocus onChange={(e) => setText(e.target.value)} />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small">
          {t("roster.saveNote")}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
