import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { CheckboxField, TextField } from "@/components/Field";
import { ProblemAlert } from "@/components/ProblemAlert";
import { ApiError, fieldErrors } from "@/lib/problem";
import { eventLabel, WEBHOOK_EVENTS, type WebhookEvent } from "@/features/webhooks/api/webhooks";

export interface WebhookValues {
  url: string;
  events: WebhookEvent[];
  active: boolean;
}

interface WebhookFormProps {
  initial: WebhookValues;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: WebhookValues) => void;
  onCancel: () => void;
}

const FIELDS = ["url", "events", "active"] as const;

/** A webhook's address, its events and whether it is on; the server checks the address. */
export function WebhookForm({ initial, submitLabel, pending, error, onSubmit, onCancel }: WebhookFormProps) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(initial.url);
  const [events, setEvents] = useState<WebhookEvent[]>(initial.events);
  const [active, setActive] = useState(initial.active);
  const [ownErrors, setOwnErrors] = useState<Record<string, string>>({});
  const urlRef = useRef<HTMLInputElement>(null);
  const eventsRef = useRef<HTMLFieldSetElement>(null);
  const errors = { ...fieldErrors(error instanceof ApiError ? error.problem : null), ...ownErrors };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const mine: Record<string, string> = {};
    if (!url.trim()) mine.url = t("fieldCodes.required");
    if (events.length === 0) mine.events = t("webhooks.eventsRequired");
    setOwnErrors(mine);
    if (mine.url) urlRef.current?.focus();
    else if (mine.events) eventsRef.current?.querySelector("input")?.focus();
    if (Object.keys(mine).length > 0) return;
    onSubmit({ url: url.trim(), events: WEBHOOK_EVENTS.filter((e) => events.includes(e)), active });
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <ProblemAlert error={error} fields={FIELDS} fallback={t("ui.failed")} />
      <TextField
        ref={urlRef}
        label={t("webhooks.url")}
        hint={t("webhooks.urlHint")}
        name="url"
        type="url"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
      />
      <fieldset ref={eventsRef} className="fieldset" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend>{t("webhooks.events")}</legend>
        {errors.events ? (
          <p id="webhook-events-error" className="field__error">
            {errors.events}
          </p>
        ) : null}
        {WEBHOOK_EVENTS.map((name) => (
          <CheckboxField
            key={name}
            label={eventLabel(t, name)}
            name="events"
            value={name}
            checked={events.includes(name)}
            onChange={(e) => setEvents((was) => (e.target.checked ? [...was, name] : was.filter((x) => x !== name)))}
          />
        ))}
      </fieldset>
      <CheckboxField label={t("webhooks.active")} name="active" checked={active} onChange={(e) => setActive(e.target.checked)} />
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={pending}>
          {submitLabel}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
