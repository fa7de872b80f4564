import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { formatShortDate, todayIn } from "@/lib/intl";
import type { MembersAdded } from "@/features/groups/api/add-members";
import { useMembers } from "@/features/groups/api/list-members";
import { useRemoveMember } from "@/features/groups/api/remove-member";
import { MemberPicker } from "./MemberPicker";

interface MembersSectionProps {
  groupId: string;
  terms: Terminology;
  timeZone: string | undefined;
  canEdit: boolean;
}

/** Members with the dates they joined (and left, with past ones shown); add and remove. */
export function MembersSection({ groupId, terms, timeZone, canEdit }: MembersSectionProps) {
  const { t } = useTranslation();
  const [past, setPast] = useState(false);
  const members = useMembers(groupId, past);
  const remove = useRemoveMember();
  const [added, setAdded] = useState<MembersAdded | null>(null);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="section" aria-labelledby="members-heading">
      <h2 id="members-heading">{terms.participants}</h2>
      {canEdit ? (
        <MemberPicker
          groupId={groupId}
          terms={terms}
          today={timeZone ? todayIn(timeZone) : undefined}
          onAdded={(result) => {
            setAdded(result);
          }}
        />
      ) : null}
      {added ? (
        <Alert tone="notice">
          <p>{t("groups.members.added", { added: added.added, already: added.already_members })}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={remove.error} />
      <CheckboxField label={t("groups.members.showPast")} checked={past} onChange={(e) => setPast(e.target.checked)} />
      <QueryStatus isPending={members.isPending} error={members.error} onRetry={() => void members.refetch()} />
      {members.data && items.length === 0 ? <p className="empty">{t("groups.members.none", { participants: lower(terms.participants) })}</p> : null}
      {items.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{terms.participants}</caption>
            <thead>
              <tr>
                <th scope="col">{t("groups.members.name")}</th>
                <th scope="col">{t("groups.members.ref")}</th>
                <th scope="col">{t("groups.members.since")}</th>
                {past ? <th scope="col">{t("groups.members.until")}</th> : null}
                {canEdit ? <th scope="col">{t("groups.members.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((member) => (
                <tr key={`${member.participant.id}-${member.starts_at}`}>
                  <th scope="row">{member.participant.name}</th>
                  <td>{member.participant.external_ref ?? ""}</td>
                  <td>{formatShortDate(new Date(member.starts_at), timeZone)}</td>
                  {past ? <td>{member.ends_at ? formatShortDate(new Date(member.ends_at), timeZone) : t("groups.members.current")}</td> : null}
                  {canEdit ? (
                    <td>
                      {member.ends_at ? null : (
                        <button
                          type="button"
                          className="button button--danger button--small"
                          onClick={() => remove.mutate({ groupId, participantId: member.participant.id })}
                        >
                          {t("groups.members.remove")}
                          <span className="visually-hidden"> {member.participant.name}</span>
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {members.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(members.hasNextPage)} isFetching={members.isFetchingNextPage} onMore={() => void members.fetchNextPage()} />
      ) : null}
    </section>
  );
}
