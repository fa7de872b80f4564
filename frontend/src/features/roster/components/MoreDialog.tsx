import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/Dialog";
import { StateLabel } from "@/components/StateLabel";
import { NoteForm, StateChips } from "./RosterRow";
import type { StateButton } from "./state-buttons";
import type { RosterState } from "./types";

export interface MoreTarget {
  participantId: string;
  name: string;
  stateCode: string | null;
  note: string | null;
  hasRecord: boolean;
}

interface MoreDialogProps {
  target: MoreTarget | null;
  states: readonly StateButton[];
  stateByCode: ReadonlyMap<string, RosterState>;
  readOnly: boolean;
  /** Checking in and out: the states are the other way to mark someone. */
  checking: boolean;
  onClose: () => void;
  onMark: (participantId: string, state: string) => void;
  onSaveNote: (participantId: string, note: string) => void;
  onHistory: (participantId: string) => void;
}

/** One person's "More": every state they may be marked with, the note and the history. */
export function MoreDialog({ target, states, stateByCode, readOnly, checking, onClose, onMark, onSaveNote, onHistory }: MoreDialogProps) {
  return (
    <Dialog open={target !== null} onClose={onClose} title={target?.name ?? ""}>
      {target ? (
        <MoreBody
          target={target}
          states={states}
          stateByCode={stateByCode}
          readOnly={readOnly}
          checking={checking}
          onMark={onMark}
          onSaveNote={onSaveNote}
          onHistory={onHistory}
        />
      ) : null}
    </Dialog>
  );
}

function MoreBody({
  target,
  states,
  stateByCode,
  readOnly,
  checking,
  onMark,
  onSaveNote,
  onHistory,
}: Omit<MoreDialogProps, "target" | "onClose"> & { target: MoreTarget }) {
  const { t } = useTranslation();
  const id = useId();
  const [editingNote, setEditingNote] = useState(false);
  const current = target.stateCode ? stateByCode.get(target.stateCode) : undefined;
  return (
    <div className="roster-more">
      <p className="roster-more__current">
        {t("roster.markedAs")}{" "}
        {target.stateCode ? <StateLabel color={current?.color} label={current?.label ?? target.stateCode} /> : <span>{t("roster.unmarked")}</span>}
      </p>
      {target.note && !editingNote ? (
        <p className="roster-more__note">
          {t("roster.noteLabel")}: {target.note}
        </p>
      ) : null}
      {!readOnly && states.length && !editingNote ? (
        <div className="roster-more__states">
          <p className="roster-row__mark-label">{checking ? t("roster.check.markAs") : t("roster.markAs")}</p>
          <StateChips wide states={states} stateCode={target.stateCode} name={target.name} onMark={(code) => onMark(target.participantId, code)} />
        </div>
      ) : null}
      {editingNote ? (
        <NoteForm
          id={`${id}-note`}
          name={target.name}
          note={target.note}
          onSave={(text) => {
            onSaveNote(target.participantId, text);
            setEditingNote(false);
          }}
          onCancel={() => setEditingNote(false)}
        />
      ) : (
        <div className="form-actions">
          {!readOnly && target.stateCode ? (
            <button type="button" className="button button--secondary button--small" onClick={() => setEditingNote(true)}>
              {target.note ? t("roster.editNote") : t("roster.addNote")}
            </button>
          ) : null}
          {target.hasRecord ? (
            <button type="button" className="button button--secondary button--small" onClick={() => onHistory(target.participantId)}>
              {t("roster.history")}
            </button>
          ) : null}
        </div>
      )}
      {!readOnly && !target.stateCode && !checking ? <p className="muted">{t("roster.noteNeedsMark")}</p> : null}
    </div>
  );
}
