import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { CheckboxField, TextField } from "../../../components/Field";
import { ApiError, fieldErrors } from "../../../lib/problem";
import { useCreateParticipant } from "../api/create-participant";
import type { Participant } from "../api/list-participants";
import { useUpdateParticipant } from "../api/update-participant";

const FIELDS = ["name", "external_ref", "email", "phone", "attributes", "is_active"];

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
    if (participant) update.mutate({ id: participant.id, patch: { ...values, is_active: active } }, { onSuccess: onDone });
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
      {participant ? <CheckboxField label={t("participants.form.active")} error={errors.is_active} checked={active} onChange={(e) => setActive(e.target.checked)} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" aria-disabled={mutation.isPending || undefined}>
          {t("ui.save")}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
