import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ActionButton } from "@/components/ActionButton";
import { ErrorAlert } from "@/components/ErrorAlert";
import { SelectField, TextField } from "@/components/Field";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { formatDay } from "@/lib/intl";
import { ApiError, fieldErrors } from "@/lib/problem";
import { useAddStaff } from "@/features/groups/api/add-staff";
import { useFrontlineUsers } from "@/features/groups/api/list-frontline-users";
import { useStaff, type StaffAssignment } from "@/features/groups/api/list-staff";
import { useRemoveStaff } from "@/features/groups/api/remove-staff";

/** The frontline users who record for the group, some only between two dates (cover). */
export function StaffSection({ groupId, canEdit }: { groupId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const staff = useStaff(groupId);
  const users = useFrontlineUsers({ enabled: canEdit });
  const add = useAddStaff();
  const remove = useRemoveStaff();
  const [userId, setUserId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const errors = fieldErrors(add.error instanceof ApiError ? add.error.problem : null);

  const onAssign = (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending || !userId) return;
    add.mutate(
      { groupId, input: { user_ids: [userId], ...(from ? { from } : {}), ...(to ? { to } : {}) } },
      {
        onSuccess: () => {
          setUserId("");
          setFrom("");
          setTo("");
        },
      },
    );
  };

  return (
    <section className="section" aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t("groups.staff.heading")}</h2>
      <p className="muted">{t("groups.staff.intro")}</p>
      <QueryStatus isPending={staff.isPending} error={staff.error} onRetry={() => void staff.refetch()} />
      <ErrorAlert error={remove.error} />
      {staff.data && staff.data.length === 0 ? <p className="empty">{t("groups.staff.none")}</p> : null}
      {staff.data?.length ? (
        <StackedTable
          caption={t("groups.staff.heading")}
          rows={staff.data}
          rowKey={(assignment) => assignment.user_id}
          columns={[
            { id: "name", header: t("groups.staff.name"), rowHeader: true, cell: (assignment: StaffAssignment) => assignment.full_name ?? t("groups.staff.unlisted") },
            { id: "from", header: t("groups.staff.from"), cell: (assignment: StaffAssignment) => (assignment.from ? formatDay(assignment.from) : t("groups.staff.open")) },
            { id: "to", header: t("groups.staff.to"), cell: (assignment: StaffAssignment) => (assignment.to ? formatDay(assignment.to) : t("groups.staff.open")) },
            canEdit && {
              id: "actions",
              header: t("groups.members.actions"),
              onCard: "actions",
              cell: (assignment: StaffAssignment) => (
                <button type="button" className="button button--danger button--small" onClick={() => remove.mutate({ groupId, userId: assignment.user_id })}>
                  {t("groups.staff.remove")}
                  <span className="visually-hidden"> {assignment.full_name ?? ""}</span>
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {canEdit ? (
        <form className="card form" onSubmit={onAssign} noValidate>
          <h3>{t("groups.staff.assignHeading")}</h3>
          <ErrorAlert error={add.error} shownFields={["user_ids", "from", "to"]} />
          <div className="form-row">
            <SelectField label={t("groups.staff.user")} error={errors.user_ids ?? errors["user_ids.0"]} value={userId} onChange={(e) => setUserId(e.target.value)} required>
              <option value="">{t("groups.staff.chooseUser")}</option>
              {users.data?.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.full_name} ({user.email})
                </option>
              ))}
            </SelectField>
            <TextField className="field--narrow" type="date" label={t("groups.staff.fromOptional")} error={errors.from} value={from} onChange={(e) => setFrom(e.target.value)} />
            <TextField className="field--narrow" type="date" label={t("groups.staff.toOptional")} error={errors.to} value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="form-actions">
            <ActionButton
              type="submit"
              className="button button--primary"
              pending={add.isPending}
              pendingText={t("groups.staff.assigning")}
              unavailableReason={userId ? undefined : t("groups.staff.chooseFirst")}
            >
              {t("groups.staff.assign")}
            </ActionButton>
          </div>
        </form>
      ) : null}
    </section>
  );
}
