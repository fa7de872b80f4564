import { memo, useRef, useState, type FormEvent, type KeyboardEvent, type PointerEvent } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { StateLabel } from "@/components/StateLabel";
import type { CheckAction } from "@/lib/offline/db";
import { nextInCycle, type StateButton } from "./state-buttons";
import type { RosterState } from "./types";

export { stateButtons, type StateButton } from "./state-buttons";

/** The domain's verbs on the check-in button ("Check in", "Clock in", "Sign in"). */
export interface CheckLabels {
  checkIn: string;
  checkOut: string;
}

/** Held this long, a row opens its "More" (the other states, the note, the history). */
const LONG_PRESS_MS = 500;

export interface RosterRowProps {
  participantId: string;
  /** Its place in the list shown (0-based): the keyboard moves by it, the list is windowed by it. */
  index: number;
  /** How many rows the list shows (for aria-setsize: only some are in the page). */
  setSize: number;
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
  /** The states this user may record, as buttons. */
  states: readonly StateButton[];
  /** Every state of the domain by code, retired ones too: a mark is always shown in words. */
  stateByCode: ReadonlyMap<string, RosterState>;
  readOnly: boolean;
  /** Whether "More" has anything to offer (other states, a note, a history). */
  hasMore: boolean;
  onMark: (participantId: string, state: string) => void;
  onMore: (participantId: string) => void;
  /** Arrow keys and state letters, handled by the list (one handler for every row). */
  onKey: (event: KeyboardEvent<HTMLElement>, participantId: string, index: number) => void;
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
 * One participant on one line: their name and current mark, a chip per state (its letter on a
 * phone, letter and label on a desktop, at least 44×44 px, pressed when it is theirs) and "More".
 * A tap on the name marks the next of the domain's first states; holding it opens "More".
 * Memoised: marking one person re-renders one row, not the whole list.
 */
export const RosterRow = memo(function RosterRow(props: RosterRowProps) {
  const { participantId, index, setSize, name, externalRef, stateCode, note, saving, waiting, walkIn, notice, states, stateByCode, readOnly, hasMore, checkLabels, checkedIn, checkLine, t } = props;
  const current = stateCode ? stateByCode.get(stateCode) : undefined;
  const checking = checkLabels !== undefined;
  const pressTimer = useRef<number | undefined>(undefined);
  const pressed = useRef(false);
  const onKey = (event: KeyboardEvent<HTMLElement>) => props.onKey(event, participantId, index);

  // A long press opens "More" (and the click that ends it does not also mark).
  const startPress = (event: PointerEvent) => {
    if (event.pointerType === "mouse" || !hasMore) return;
    pressed.current = false;
    window.clearTimeout(pressTimer.current);
    pressTimer.current = window.setTimeout(() => {
      pressed.current = true;
      props.onMore(participantId);
    }, LONG_PRESS_MS);
  };
  const endPress = () => window.clearTimeout(pressTimer.current);
  const cycle = () => {
    if (pressed.current) {
      pressed.current = false;
      return;
    }
    const next = nextInCycle(states, stateCode);
    if (next && next !== stateCode) props.onMark(participantId, next);
  };

  const who = (
    <>
      <span className="roster-row__name">{name}</span>
      <span className="roster-row__sub">
        {checking ? (
          <span className="roster-row__times">{checkLine ?? t("roster.check.notIn")}</span>
        ) : null}
        {stateCode ? (
          <span className="roster-row__current">
            <StateLabel color={current?.color} label={current?.label ?? stateCode} />
          </span>
        ) : checking ? null : (
          <span className="roster-row__current muted">{t("roster.unmarked")}</span>
        )}
        {saving ? <span className="roster-row__saving">{t("roster.saving")}</span> : null}
        {waiting ? <span className="roster-row__waiting">{t("roster.waiting")}</span> : null}
        {walkIn ? <span className="roster-row__walk-in">{t("roster.walkIn.label")}</span> : null}
        {note ? (
          <span className="roster-row__note">
            <span className="visually-hidden">{t("roster.noteLabel")}: </span>
            {note}
          </span>
        ) : null}
        {externalRef ? <span className="roster-row__ref">{externalRef}</span> : null}
      </span>
    </>
  );

  return (
    <li
      className={checking ? "roster-row roster-row--check" : "roster-row"}
      data-key={participantId}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-busy={saving || undefined}
    >
      {readOnly || checking || !states.length ? (
        <div className="roster-row__who">{who}</div>
      ) : (
        <button
          type="button"
          className="roster-row__who roster-row__cycle"
          data-roster-focus="0"
          onClick={cycle}
          onKeyDown={onKey}
          onPointerDown={startPress}
          onPointerUp={endPress}
          onPointerCancel={endPress}
          onPointerLeave={endPress}
          onContextMenu={(event) => {
            if (!hasMore) return;
            event.preventDefault();
            endPress();
            pressed.current = false;
            props.onMore(participantId);
          }}
        >
          {who}
        </button>
      )}
      {readOnly ? null : checking ? (
        <button
          type="button"
          className={checkedIn ? "button button--secondary roster-row__check" : "button button--primary roster-row__check"}
          data-roster-focus="1"
          aria-label={t("roster.check.buttonFor", { action: checkedIn ? checkLabels.checkOut : checkLabels.checkIn, name })}
          onKeyDown={onKey}
          onClick={() => props.onCheck?.(participantId, checkedIn ? "check_out" : "check_in")}
        >
          {checkedIn ? checkLabels.checkOut : checkLabels.checkIn}
        </button>
      ) : (
        <StateChips states={states} stateCode={stateCode} name={name} onKey={onKey} onMark={(code) => props.onMark(participantId, code)} />
      )}
      {hasMore ? (
        <button
          type="button"
          className="button button--quiet button--small roster-row__more"
          data-roster-focus="9"
          aria-haspopup="dialog"
          aria-label={t("roster.moreFor", { name })}
          onKeyDown={onKey}
          onClick={() => props.onMore(participantId)}
        >
          <span aria-hidden="true" className="roster-row__more-dots">
            ⋯
          </span>
          <span className="roster-row__more-word">{t("roster.more")}</span>
        </button>
      ) : (
        <span className="roster-row__more" />
      )}
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
    </li>
  );
});

/**
 * A chip per state, named by its label (its letter is hidden from the name, shown as the key to
 * press): on a phone the letter alone is shown and the row says the mark in words.
 */
export function StateChips({
  states,
  stateCode,
  name,
  onMark,
  onKey,
  wide,
}: {
  states: readonly StateButton[];
  stateCode: string | null;
  name: string;
  onMark: (state: string) => void;
  onKey?: (event: KeyboardEvent<HTMLElement>) => void;
  /** Every label shown whatever the width (in "More"). */
  wide?: boolean;
}) {
  return (
    <div className={wide ? "roster-row__states roster-row__states--wide" : "roster-row__states"} role="group" aria-label={name}>
      {states.map((state, i) => (
        <button
          key={state.code}
          type="button"
          className="state-button"
          data-roster-focus={wide ? undefined : String(i + 1)}
          aria-pressed={state.code === stateCode}
          aria-keyshortcuts={state.key ?? undefined}
          style={state.style}
          onKeyDown={onKey}
          onClick={() => {
            if (state.code !== stateCode) onMark(state.code);
          }}
        >
          {state.key ? (
            <kbd className="state-button__key" aria-hidden="true">
              {state.key}
            </kbd>
          ) : null}
          <span className="state-button__label">{state.label}</span>
        </button>
      ))}
    </div>
  );
}

/** The note of one mark, written in "More". */
export function NoteForm({ id, name, note, onSave, onCancel }: { id: string; name: string; note: string | null; onSave: (note: string) => void; onCancel: () => void }) {
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
