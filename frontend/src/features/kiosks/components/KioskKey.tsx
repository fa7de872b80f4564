import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { KioskCreated } from "@/features/kiosks/api/create-kiosk";

interface KioskKeyProps {
  kiosk: KioskCreated;
  onOpenHere: () => void;
  onDone: () => void;
}

/**
 * The kiosk's key, shown this once: open the kiosk on this device (the key stays here, for the
 * kiosk screen), or copy it to set up another device.
 */
export function KioskKey({ kiosk, onOpenHere, onDone }: KioskKeyProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const keyRef = useRef<HTMLTextAreaElement>(null);
  const canCopy = typeof navigator !== "undefined" && Boolean(navigator.clipboard);

  useEffect(() => {
    if (copied !== "yes") return;
    const timer = setTimeout(() => setCopied(null), 5000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    navigator.clipboard.writeText(kiosk.token).then(
      () => setCopied("yes"),
      () => {
        // Not allowed here: select the key so that the user can copy it themselves.
        setCopied("no");
        keyRef.current?.select();
      },
    );
  };

  return (
    <div className="form kiosk-key">
      <p>{t("kiosks.key.ready", { name: kiosk.name })}</p>
      <p className="kiosk-key__once">{t("kiosks.key.once")}</p>
      <div className="field">
        <label htmlFor="kiosk-key">{t("kiosks.key.label")}</label>
        <textarea id="kiosk-key" ref={keyRef} className="kiosk-key__value" readOnly rows={3} value={kiosk.token} spellCheck={false} onFocus={(e) => e.target.select()} />
      </div>
      <p role="status" className="muted">
        {copied === "yes" ? t("kiosks.key.copied") : copied === "no" ? t("kiosks.key.copyByHand") : ""}
      </p>
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={onOpenHere}>
          {t("kiosks.key.openHere")}
        </button>
        {canCopy ? (
          <button type="button" className="button button--secondary" onClick={copy}>
            {t("kiosks.key.copy")}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("kiosks.key.done")}
        </button>
      </div>
      <p className="field__hint">{t("kiosks.key.otherDevice")}</p>
    </div>
  );
}
