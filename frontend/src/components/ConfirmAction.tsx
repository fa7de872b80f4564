import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "./ActionButton";
import { ErrorAlert } from "./ErrorAlert";

interface ConfirmActionProps {
  /** What it does and what stays, and any choice the action takes (a series' scope). */
  children: ReactNode;
  confirmLabel: string;
  /** The way back; "Cancel" unless the action's own words read better. */
  cancelLabel?: string;
  error: unknown;
  /** The action is under way: the button stays in place but does nothing more. */
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The confirmation of an action that takes something away (retire, deactivate, archive, cancel). */
export function ConfirmAction({ children, confirmLabel, cancelLabel, error, pending, onConfirm, onCancel }: ConfirmActionProps) {
  const { t } = useTranslation();
  return (
    <div className="form">
      <ErrorAlert error={error} />
      {children}
      <div className="form-actions">
        <ActionButton
          type="button"
          className="button button--danger"
          pending={pending}
          onClick={() => {
            if (!pending) onConfirm();
          }}
        >
          {confirmLabel}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {cancelLabel ?? t("ui.cancel")}
        </button>
      </div>
    </div>
  );
}
