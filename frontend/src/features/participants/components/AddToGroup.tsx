import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField } from "@/components/Field";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber } from "@/lib/intl";
import { useAddToGroup, type AddedToGroup } from "@/features/participants/api/add-to-group";
import { useGroupChoices } from "@/features/participants/api/list-groups";
import type { Participant } from "@/features/participants/api/list-participants";

/** Put the chosen participants in a group, all in one request. */
export function AddToGroup({
  people,
  terms,
  onDone,
  onCancel,
}: {
  people: Participant[];
  terms: Terminology;
  onDone: (result: AddedToGroup & { group: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const groups = useGroupChoices({ enabled: true });
  const add = useAddToGroup();
  const [groupId, setGroupId] = useState("");
  const [missing, setMissing] = useState<string | undefined>();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    const group = groups.data?.find((g) => g.id === groupId);
    if (!group) {
      setMissing(t("participants.bulk.chooseGroup", { group: lower(terms.group) }));
      return;
    }
    add.mutate({ groupId, participantIds: people.map((p) => p.id) }, { onSuccess: (result) => onDone({ ...result, group: group.name }) });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorAlert error={add.error ?? groups.error} />
      <p>{t("participants.bulk.addBody", { count: people.length, shown: formatNumber(people.length), participants: lower(terms.participants), sessions: lower(terms.sessions) })}</p>
      <ul className="bulk-names">
        {people.map((person) => (
          <li key={person.id}>{person.name}</li>
        ))}
      </ul>
      <SelectField
        label={terms.group}
        value={groupId}
        error={missing}
        onChange={(e) => {
          setGroupId(e.target.value);
          setMissing(undefined);
        }}
      >
        <option value="">{t("participants.bulk.pickGroup", { group: lower(terms.group) })}</option>
        {groups.data?.map((group) => (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ))}
      </SelectField>
      <div className="form-actions">
        <ActionButton type="submit" className="button button--primary" pending={add.isPending}>
          {t("participants.bulk.addConfirm", { count: people.length, shown: formatNumber(people.length) })}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t("ui.cancel")}
        </button>
      </div>
    </form>
  );
}
