import type { ReactNode, Ref } from "react";

interface AlertProps {
  /** `error` is announced at once (role="alert"); `notice` politely (role="status"). */
  tone: "error" | "notice";
  children: ReactNode;
  id?: string;
  ref?: Ref<HTMLDivElement>;
}

/** A message box whose meaning is in its words and its role, never in its colour alone. */
export function Alert({ tone, children, id, ref }: AlertProps) {
  return (
    <div ref={ref} id={id} role={tone === "error" ? "alert" : "status"} className={`alert alert--${tone}`} tabIndex={-1}>
      {children}
    </div>
  );
}
