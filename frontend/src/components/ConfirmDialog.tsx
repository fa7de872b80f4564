import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "./ActionButton";
import { Dialog } from "./Dialog";

interface ConfirmDialogProps {
  open: boolean;
  title: ReactNode;
  /** What will happen, and anything to know first (an error of the last try). */
  children: ReactNode;
  confirmLabel: string;
  /** The way back; "Cancel" unless the action's own words read better. */
  cancelLabel?: string;
  /** The action is under way: the button stays in place but does nothing more. */
  pending?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A dialog that asks before an action with wide effect (mark everyone, close a session, sign out with changes waiting). */
export function ConfirmDialog({ open, title, children, confirmLabel, cancelLabel, pending, onConfirm, onClose }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      {children}
      <div className="form-actions">
        <ActionButton
          type="button"
          className="button button--primary"
          pending={pending}
          onClick={() => {
            if (!pending) onConfirm();
          }}
        >
          {confirmLabel}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {cancelLabel ?? t("ui.cancel")}
        </button>
      </div>
    </Dialog>
  );
}
