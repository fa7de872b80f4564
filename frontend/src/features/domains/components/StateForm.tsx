import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField, SelectField, TextField } from "@/components/Field";
import { ROLE_LABEL_KEYS } from "@/components/RoleLabel";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreatePresenceState } from "@/features/domains/api/create-presence-state";
import type { Domain, PresenceState, RecordingRole, StateCategory } from "@/features/domains/api/list-domains";
import { useUpdatePresenceState } from "@/features/domains/api/update-presence-state";

export const CATEGORY_KEYS = {
  present: "domains.category.present",
  late: "domains.category.late",
  absent: "domains.category.absent",
  excused: "domains.category.excused",
  other: "domains.category.other",
} as const satisfies Record<StateCategory, string>;

const RECORDING_ROLES: RecordingRole[] = ["admin", "frontline", "external"];
const FIELDS = ["code", "label", "color", "category", "weight", "sort_order", "roles", "is_default"] as const;

interface StateFormProps {
  domain: Domain;
  /** The state to edit; none: add a new one. */
  state?: PresenceState;
  /** Order for a new state: after the last. */
  nextSortOrder: number;
  onDone: () => void;
}

export function StateForm({ domain, state, nextSortOrder, onDone }: StateFormProps) {
  const { t } = useTranslation();
  const create = useCreatePresenceState();
  const update = useUpdatePresenceState();
  const mutation = state ? update : create;
  const [code, setCode] = useState("");
  const [label, setLabel] = useState(state?.label ?? "");
  const [color, setColor] = useState(state?.color ?? "#1d4ed8");
  const [category, setCategory] = useState<StateCategory>(state?.category ?? "present");
  const [weight, setWeight] = useState(state?.weight == null ? "" : String(state.weight));
  const [sortOrder, setSortOrder] = useState(String(state?.sort_order ?? nextSortOrder));
  const [roles, setRoles] = useState<RecordingRole[]>(state?.roles ?? []);
  const [isDefault, setIsDefault] = useState(state?.is_default ?? false);
  const errors = fieldErrors(mutation.error instanceof ApiError ? mutation.error.problem : null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const values = {
      label: label.trim(),
      color,
      category,
      weight: weight.trim() === "" ? null : Number(weight),
      sort_order: Number(sortOrder || 0),
      roles: roles.length ? roles : null,
      is_default: isDefault,
    };
    const done = { onSuccess: onDone };
    if (state) update.mutate({ id: state.id, patch: values }, done);
    else create.mutate({ ...values, domain: domain.code, code: code.trim() }, done);
  };

  const toggleRole = (role: RecordingRole, on: boolean) =>
    setRoles((current) => (on ? [...current, role] : current.filter((r) => r !== role)));

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={mutation.error} shownFields={FIELDS} />
      {state ? (
        <p className="muted">{t("domains.form.codeFixed", { code: state.code })}</p>
      ) : (
        <TextField
          label={t("domains.form.code")}
          hint={t("domains.form.codeHint")}
          error={errors.code}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          required
        />
      )}
      <TextField label={t("domains.form.label")} error={errors.label} value={label} onChange={(e) => setLabel(e.target.value)} required />
      <div className="form-row">
        <TextField
          className="field--narrow"
          type="color"
          label={t("domains.form.color")}
          error={errors.color}
          value={color}
          onChange={(e) => setColor(e.target.value)}
        />
        <SelectField
          label={t("domains.form.category")}
          hint={t("domains.form.categoryHint")}
          error={errors.category}
          value={category}
          onChange={(e) => setCategory(e.target.value as StateCategory)}
        >
          {Object.entries(CATEGORY_KEYS).map(([value, key]) => (
            <option key={value} value={value}>
              {t(key)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="form-row">
        <TextField
          type="number"
          inputMode="decimal"
          min={0}
          max={1}
          step={0.05}
          label={t("domains.form.weight")}
          hint={t("domains.form.weightHint")}
          error={errors.weight}
          value={weight}
          onChange={(e) => setWeight(e.target.value)}
        />
        <TextField
          type="number"
          inputMode="numeric"
          min={0}
          max={10000}
          step={1}
          label={t("domains.form.sortOrder")}
          hint={t("domains.form.sortOrderHint")}
          error={errors.sort_order}
          value={sortOrder}
          onChange={(e) => setSortOrder(e.target.value)}
        />
      </div>
      <fieldset className="fieldset fieldset--inline" aria-describedby={errors.roles ? "state-roles-error" : undefined}>
        <legend>{t("domains.form.roles")}</legend>
        <p className="field__hint">{t("domains.form.rolesHint")}</p>
        {RECORDING_ROLES.map((role) => (
          <CheckboxField
            key={role}
            label={t(ROLE_LABEL_KEYS[role])}
            checked={roles.includes(role)}
            onChange={(e) => toggleRole(role, e.target.checked)}
          />
        ))}
        {errors.roles ? (
          <p id="state-roles-error" className="field__error">
            {errors.roles}
          </p>
        ) : null}
      </fieldset>
      <CheckboxField
        label={t("domains.form.isDefault")}
        error={errors.is_default}
        checked={isDefault}
        onChange={(e) => setIsDefault(e.target.checked)}
      />
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={mutation.isPending}>
          {state ? t("ui.save") : t("domains.form.create")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
