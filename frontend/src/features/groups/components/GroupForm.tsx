import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField, TextAreaField, TextField } from "@/components/Field";
import { useGenericTerms, lower } from "@/components/terminology";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useCreateGroup } from "@/features/groups/api/create-group";
import type { Group } from "@/features/groups/api/list-groups";
import { useUpdateGroup } from "@/features/groups/api/update-group";
import type { GroupDomain } from "./types";

const FIELDS = ["name", "domain", "description", "settings.late_after_minutes", "settings.close_marks_unmarked_as", "settings.close_after_minutes"];

interface GroupFormProps {
  domains: readonly GroupDomain[];
  group?: Group;
  onDone: (group: Group) => void;
  onCancel: () => void;
}

/** A new group (its domain chosen once), or a group's name, description and settings. */
export function GroupForm({ domains, group, onDone, onCancel }: GroupFormProps) {
  const { t } = useTranslation();
  const generic = useGenericTerms();
  const create = useCreateGroup();
  const update = useUpdateGroup();
  const mutation = group ? update : create;
  const [name, setName] = useState(group?.name ?? "");
  const [domainCode, setDomainCode] = useState(group?.domain ?? domains[0]?.code ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [lateAfter, setLateAfter] = useState(String(group?.settings.late_after_minutes ?? 5));
  const [closeMarks, setCloseMarks] = useState(group?.settings.close_marks_unmarked_as ?? "");
  const [closeAfter, setCloseAfter] = useState(group?.settings.close_after_minutes == null ? "" : String(group.settings.close_after_minutes));
  const errors = fieldErrors(mutation.error instanceof ApiError ? mutation.error.problem : null);
  const domain = domains.find((d) => d.code === domainCode);
  const terms = domain?.terminology ?? generic;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const values = {
      name: name.trim(),
      description: description.trim() || null,
      // PATCH merges settings key by key: only these three are sent, the others stay as they are.
      settings: {
        late_after_minutes: Number(lateAfter || 0),
        close_marks_unmarked_as: closeMarks || null,
        close_after_minutes: closeAfter.trim() === "" ? null : Number(closeAfter),
      },
    };
    if (group) update.mutate({ id: group.id, patch: values }, { onSuccess: onDone });
    else create.mutate({ ...values, domain: domainCode }, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={mutation.error} shownFields={FIELDS} />
      <TextField label={t("groups.form.name")} error={errors.name} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
      {group ? null : (
        <SelectField
          label={t("groups.form.domain")}
          hint={t("groups.form.domainHint")}
          error={errors.domain}
          value={domainCode}
          onChange={(e) => {
            setDomainCode(e.target.value);
            setCloseMarks("");
          }}
        >
          {domains.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextAreaField label={t("groups.form.description")} error={errors.description} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      <fieldset className="fieldset">
        <legend>{t("groups.form.settings", { sessions: lower(terms.sessions) })}</legend>
        <TextField
          className="field--narrow"
          type="number"
          min={0}
          max={1440}
          inputMode="numeric"
          label={t("groups.form.lateAfter")}
          hint={t("groups.form.lateAfterHint")}
          error={errors["settings.late_after_minutes"]}
          value={lateAfter}
          onChange={(e) => setLateAfter(e.target.value)}
        />
        <SelectField
          label={t("groups.form.closeMarks", { session: lower(terms.session) })}
          hint={t("groups.form.closeMarksHint", { session: lower(terms.session) })}
          error={errors["settings.close_marks_unmarked_as"]}
          value={closeMarks}
          onChange={(e) => setCloseMarks(e.target.value)}
        >
          <option value="">{t("groups.form.closeMarksNobody")}</option>
          {domain?.states.map((state) => (
            <option key={state.code} value={state.code}>
              {state.label}
            </option>
          ))}
        </SelectField>
        <TextField
          className="field--narrow"
          type="number"
          min={0}
          max={10080}
          inputMode="numeric"
          label={t("groups.form.closeAfter", { session: lower(terms.session) })}
          hint={t("groups.form.closeAfterHint", { session: lower(terms.session) })}
          error={errors["settings.close_after_minutes"]}
          value={closeAfter}
          onChange={(e) => setCloseAfter(e.target.value)}
        />
      </fieldset>
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={mutation.isPending}>
          {group ? t("ui.save") : t("groups.form.create", { group: lower(terms.group) })}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
