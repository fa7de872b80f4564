import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField, TextField } from "@/components/Field";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreateParticipant } from "@/features/participants/api/create-participant";
import type { Participant } from "@/features/participants/api/list-participants";
import { useUpdateParticipant, type ParticipantPatch } from "@/features/participants/api/update-participant";

const FIELDS = ["name", "external_ref", "email", "phone", "attributes", "is_active", "pin"];

/** 4 to 8 digits, as the server takes a kiosk PIN. */
const PIN_PATTERN = /^\d{4,8}$/;

type AttributeRow = { key: string; value: string };

/** Add a participant, or change one (also bring a deactivated one back). */
export function ParticipantForm({ participant, onDone }: { participant?: Participant; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateParticipant();
  const update = useUpdateParticipant();
  const mutation = participant ? update : create;
  const [name, setName] = useState(participant?.name ?? "");
  const [ref, setRef] = useState(participant?.external_ref ?? "");
  const [email, setEmail] = useState(participant?.email ?? "");
  const [phone, setPhone] = useState(participant?.phone ?? "");
  const [active, setActive] = useState(participant?.is_active ?? true);
  const [pinChoice, setPinChoice] = useState<"keep" | "set" | "remove">("keep");
  const [pin, setPin] = useState("");
  const [pinError, setPinError] = useState<string | undefined>();
  const [attributes, setAttributes] = useState<AttributeRow[]>(
    Object.entries(participant?.attributes ?? {}).map(([key, value]) => ({ key, value: value == null ? "" : String(value) })),
  );
  const errors = fieldErrors(mutation.error instanceof ApiError ? mutation.error.problem : null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const values = {
      name: name.trim(),
      external_ref: ref.trim() || null,
      email: email.trim() || null,
      phone: phone.trim() || null,
      attributes: Object.fromEntries(attributes.filter((a) => a.key.trim()).map((a) => [a.key.trim(), a.value])),
    };
    if (participant) {
      const patch: ParticipantPatch = { ...values, is_active: active };
      if (pinChoice === "set") {
        const digits = pin.trim();
        if (!PIN_PATTERN.test(digits)) {
          setPinError(t("participants.pin.invalid"));
          return;
        }
        patch.pin = digits;
      } else if (pinChoice === "remove") patch.pin = null;
      setPinError(undefined);
      update.mutate({ id: participant.id, patch }, { onSuccess: onDone });
    }
    else create.mutate(values, { onSuccess: onDone });
  };

  const setAttribute = (index: number, change: Partial<AttributeRow>) =>
    setAttributes((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={mutation.error} shownFields={FIELDS} />
      <TextField label={t("participants.form.name")} error={errors.name} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
      <TextField
        label={t("participants.form.externalRef")}
        hint={t("participants.form.externalRefHint")}
        error={errors.external_ref}
        value={ref}
        onChange={(e) => setRef(e.target.value)}
        autoComplete="off"
      />
      <div className="form-row">
        <TextField type="email" label={t("participants.form.email")} error={errors.email} value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        <TextField type="tel" label={t("participants.form.phone")} error={errors.phone} value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
      </div>
      <fieldset className="fieldset">
        <legend>{t("participants.form.attributes")}</legend>
        {errors.attributes ? <p className="field__error">{errors.attributes}</p> : null}
        {attributes.map((row, index) => (
          <div key={index} className="form-row">
            <TextField label={t("participants.form.attributeName", { n: index + 1 })} value={row.key} onChange={(e) => setAttribute(index, { key: e.target.value })} />
            <TextField label={t("participants.form.attributeValue", { n: index + 1 })} value={row.value} onChange={(e) => setAttribute(index, { value: e.target.value })} />
            <button type="button" className="button button--quiet" onClick={() => setAttributes((rows) => rows.filter((_, i) => i !== index))}>
              {t("participants.form.removeAttribute", { n: index + 1 })}
            </button>
          </div>
        ))}
        <div>
          <button type="button" className="button button--secondary button--small" onClick={() => setAttributes((rows) => [...rows, { key: "", value: "" }])}>
            {t("participants.form.addAttribute")}
          </button>
        </div>
      </fieldset>
      {participant ? (
        <fieldset className="fieldset">
          <legend>{t("participants.pin.legend")}</legend>
          <p className="field__hint">{participant.has_pin ? t("participants.pin.isSet") : t("participants.pin.notSet")}</p>
          <div className="fieldset--inline">
            {(participant.has_pin ? (["keep", "set", "remove"] as const) : (["keep", "set"] as const)).map((choice) => (
              <label key={choice} className="checkbox">
                <input type="radio" name="pin-choice" value={choice} checked={pinChoice === choice} onChange={() => setPinChoice(choice)} />
                {choice === "keep"
                  ? participant.has_pin
                    ? t("participants.pin.keep")
                    : t("participants.pin.none")
                  : choice === "set"
                    ? participant.has_pin
                      ? t("participants.pin.change")
                      : t("participants.pin.set")
                    : t("participants.pin.remove")}
              </label>
            ))}
          </div>
          {pinChoice === "set" ? (
            <TextField
              className="field--narrow"
              label={t("participants.pin.new")}
              hint={t("participants.pin.hint")}
              error={pinError ?? errors.pin}
              value={pin}
              onChange={(e) => setPin(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              required
            />
          ) : (
            errors.pin ? <p className="field__error">{errors.pin}</p> : null
          )}
        </fieldset>
      ) : null}
      {participant ? <CheckboxField label={t("participants.form.active")} error={errors.is_active} checked={active} onChange={(e) => setActive(e.target.checked)} /> : null}
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={mutation.isPending}>
          {t("ui.save")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
