import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrors } from "@/lib/problem";
import { ActionButton } from "./ActionButton";
import { ErrorAlert } from "./ErrorAlert";
import { TextField } from "./Field";

interface TypedConfirmationProps {
  /** What goes, what stays and what follows: read before the field. */
  children: ReactNode;
  /** The words to type, compared after trimming and case-sensitively, as the API does. */
  expected: string;
  /** The field's label, naming what to type ("Type Sunny School to confirm"). */
  label: string;
  confirmLabel: string;
  /** The server's field that carries the typed words, if it checks them too (`confirm`). */
  field?: string;
  error: unknown;
  pending: boolean;
  onConfirm: (typed: string) => void;
  onCancel: () => void;
}

/**
 * The confirmation of an action that cannot be undone (erasing someone, closing the
 * organization): the user types the name of what goes, so a slip of the finger cannot do it.
 */
export function TypedConfirmation({ children, expected, label, confirmLabel, field, error, pending, onConfirm, onCancel }: TypedConfirmationProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const serverError = field ? fieldErrors(error instanceof ApiError ? error.problem : null)[field] : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    if (typed.trim() !== expected.trim()) {
      setMismatch(true);
      input.current?.focus();
      return;
    }
    setMismatch(false);
    onConfirm(typed.trim());
  };

  return (
    <form className="form" noValidate onSubmit={submit}>
      <ErrorAlert error={error} shownFields={field ? [field] : []} />
      {children}
      <TextField
        ref={input}
        label={label}
        name="confirm"
        autoComplete="off"
        spellCheck={false}
        value={typed}
        onChange={(event) => {
          setTyped(event.target.value);
          setMismatch(false);
        }}
        error={mismatch ? t("typedConfirmation.mismatch", { expected: expected.trim() }) : serverError}
      />
      <div className="form-actions">
        <ActionButton type="submit" className="button button--danger" pending={pending}>
          {confirmLabel}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
