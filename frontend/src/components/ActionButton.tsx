import { useId, type ButtonHTMLAttributes, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";

interface ActionButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "disabled"> {
  /** Its request is on its way: the button does nothing more until the answer, and says so. */
  pending?: boolean;
  /** Said beside the button while pending ("Asking for the report…"); "Sending…" when not given. */
  pendingText?: string;
  /** Why it cannot act now ("Tick the students to add first"), said beside it; it does nothing meanwhile. */
  unavailableReason?: string;
  /**
   * The reason is said elsewhere, once for several buttons (the id of that line): the button is
   * described by it and adds no line of its own.
   */
  reasonId?: string;
}

/**
 * A button that cannot act says why, beside it and read out with it (aria-describedby), and keeps
 * keyboard focus: it is aria-disabled and ignores presses (a click, Enter, a form's submit) rather
 * than `disabled`, which would drop focus to the page while a request is sending (issue 18).
 */
export function ActionButton({ pending = false, pendingText, unavailableReason, reasonId, onClick, children, ...button }: ActionButtonProps) {
  const { t } = useTranslation();
  const ownId = useId();
  const blocked = pending || Boolean(unavailableReason);
  const whyId = reasonId ?? `${ownId}-why`;
  const describedBy = [button["aria-describedby"], blocked ? whyId : undefined].filter(Boolean).join(" ") || undefined;

  const press = (event: MouseEvent<HTMLButtonElement>) => {
    if (blocked) {
      // Also stops a submit button sending its form a second time.
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };

  return (
    <>
      <button type="button" {...button} aria-disabled={blocked || button["aria-disabled"] || undefined} aria-describedby={describedBy} onClick={press}>
        {children}
      </button>
      {reasonId || !blocked ? null : pending ? (
        <span id={whyId} role="status" className="muted">
          {pendingText ?? t("ui.sending")}
        </span>
      ) : (
        <span id={whyId} className="muted">
          {unavailableReason}
        </span>
      )}
    </>
  );
}
