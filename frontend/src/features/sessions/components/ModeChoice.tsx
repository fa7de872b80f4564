import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { SessionMode } from "@/features/sessions/api/list-sessions";
import { MODE_HINT_KEYS, MODE_KEYS } from "./types";

interface ModeChoiceProps {
  value: SessionMode;
  onChange: (mode: SessionMode) => void;
  error?: string;
}

/** How presence is taken, each mode with one plain line saying what it means (SPEC §2). */
export function ModeChoice({ value, onChange, error }: ModeChoiceProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="fieldset mode-choice" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t("sessions.form.mode")}</legend>
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
      {(Object.keys(MODE_KEYS) as SessionMode[]).map((mode) => (
        <div key={mode} className="mode-choice__option">
          <input
            type="radio"
            id={`${id}-${mode}`}
            name={`${id}-mode`}
            value={mode}
            checked={value === mode}
            aria-describedby={`${id}-${mode}-hint`}
            onChange={() => onChange(mode)}
          />
          <label htmlFor={`${id}-${mode}`}>{t(MODE_KEYS[mode])}</label>
          <p id={`${id}-${mode}-hint`} className="field__hint">
            {t(MODE_HINT_KEYS[mode])}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
