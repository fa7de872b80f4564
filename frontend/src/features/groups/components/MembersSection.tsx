import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/Alert";
import { ConfirmDialog } from "@/components/ConfirmDialog";
import { ErrorAlert } from "@/components/ErrorAlert";
import { CheckboxField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber, formatShortDate, todayIn } from "@/lib/intl";
import type { MembersAdded } from "@/features/groups/api/add-members";
import { useMembers, type Member } from "@/features/groups/api/list-members";
import { removeMember, useRemoveMember } from "@/features/groups/api/remove-member";
import { MemberPicker } from "./MemberPicker";
import "@/features/groups/members.css";

interface MembersSectionProps {
  groupId: string;
  terms: Terminology;
  timeZone: string | undefined;
  canEdit: boolean;
}

type Person = Member["participant"];

/** How a removal of several went: where it is, and who could not be removed. */
interface Removal {
  total: number;
  done: number;
  failed: string[];
  finished: boolean;
}

/**
 * Members with the dates they joined (and left, with past ones shown); add them, and remove them
 * one at a time or several at once (ticked), each removal asked for first, by name.
 */
export function MembersSection({ groupId, terms, timeZone, canEdit }: MembersSectionProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [past, setPast] = useState(false);
  const members = useMembers(groupId, past);
  const remove = useRemoveMember();
  const [added, setAdded] = useState<MembersAdded | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<Person[] | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  // Only current members can be removed (a past membership has ended already).
  const removable = canEdit ? items.filter((member) => !member.ends_at).map((member) => member.participant) : [];
  const chosen = removable.filter((person) => selected.has(person.id));
  const allChosen = removable.length > 0 && chosen.length === removable.length;
  const removing = removal !== null && !removal.finished;
  const group = lower(terms.group);

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // One request per person (the API removes one member at a time), saying how far it has got.
  const removeAll = async (people: Person[]) => {
    setAsking(null);
    setAdded(null);
    const failed: string[] = [];
    setRemoval({ total: people.length, done: 0, failed, finished: false });
    for (const [i, person] of people.entries()) {
      try {
        await removeMember({ groupId, participantId: person.id });
      } catch {
        failed.push(person.name);
      }
      setRemoval({ total: people.length, done: i + 1, failed: [...failed], finished: false });
    }
    setRemoval({ total: people.length, done: people.length, failed: [...failed], finished: true });
    setSelected(new Set());
    await queryClient.invalidateQueries({ queryKey: ["groups", "members", groupId] });
  };

  const confirmRemove = () => {
    if (!asking) return;
    if (asking.length === 1) {
      const [person] = asking;
      remove.mutate(
        { groupId, participantId: person!.id },
        {
          onSuccess: () => {
            setRemoval({ total: 1, done: 1, failed: [], finished: true });
            toggle(person!.id, false);
          },
          onSettled: () => setAsking(null),
        },
      );
      return;
    }
    void removeAll(asking);
  };

  return (
    <section className="section" aria-labelledby="members-heading">
      <h2 id="members-heading">{terms.participants}</h2>
      {canEdit ? (
        <MemberPicker
          groupId={groupId}
          terms={terms}
          today={timeZone ? todayIn(timeZone) : undefined}
          onAdded={(result) => {
            setRemoval(null);
            setAdded(result);
          }}
        />
      ) : null}
      {added ? (
        <Alert tone="notice">
          <p>{t("groups.members.added", { added: added.added, already: added.already_members })}</p>
        </Alert>
      ) : null}
      {removal ? (
        <Alert tone="notice">
          <p id="members-removing">
            {removal.finished
              ? removal.failed.length
                ? t("groups.members.removedSome", {
                    count: removal.total - removal.failed.length,
                    shown: formatNumber(removal.total - removal.failed.length),
                    group,
                    names: removal.failed.join(", "),
                  })
                : t("groups.members.removedAll", { count: removal.total, shown: formatNumber(removal.total), group })
              : t("groups.members.removing", { done: formatNumber(Math.min(removal.done + 1, removal.total)), total: formatNumber(removal.total) })}
          </p>
        </Alert>
      ) : null}
      <ErrorAlert error={remove.error} />
      <CheckboxField label={t("groups.members.showPast")} checked={past} onChange={(e) => setPast(e.target.checked)} />
      <QueryStatus isPending={members.isPending} error={members.error} onRetry={() => void members.refetch()} />
      {members.data && items.length === 0 ? <p className="empty">{t("groups.members.none", { participants: lower(terms.participants) })}</p> : null}
      {removable.length ? (
        <div className="bulk-bar" role="group" aria-label={t("groups.members.bulkLabel", { participants: lower(terms.participants) })}>
          <CheckboxField
            label={t("groups.members.selectAll")}
            checked={allChosen}
            onChange={(e) => setSelected(e.target.checked ? new Set(removable.map((person) => person.id)) : new Set())}
          />
          <span className="muted">{t("groups.members.chosen", { count: chosen.length, shown: formatNumber(chosen.length) })}</span>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={chosen.length === 0 || removing || undefined}
            aria-describedby={chosen.length === 0 ? "members-bulk-why" : removing ? "members-removing" : undefined}
            onClick={() => {
              if (chosen.length && !removing) setAsking(chosen);
            }}
          >
            {t("groups.members.removeChosen", { group })}
          </button>
          {chosen.length === 0 ? (
            <span id="members-bulk-why" className="muted">
              {t("groups.members.chooseFirst", { participants: lower(terms.participants) })}
            </span>
          ) : null}
        </div>
      ) : null}
      {items.length ? (
        <StackedTable
          caption={terms.participants}
          className="members-table"
          rows={items}
          rowKey={(member) => `${member.participant.id}-${member.starts_at}`}
          columns={[
            canEdit && {
              id: "pick",
              header: t("groups.members.choose"),
              headerHidden: true,
              onCard: "pick",
              className: "members-table__pick",
              cell: (member: Member) =>
                member.ends_at ? null : (
                  <input
                    type="checkbox"
                    aria-label={t("groups.members.chooseOne", { name: member.participant.name })}
                    checked={selected.has(member.participant.id)}
                    onChange={(e) => toggle(member.participant.id, e.target.checked)}
                  />
                ),
            },
            { id: "name", header: t("groups.members.name"), rowHeader: true, cell: (member: Member) => member.participant.name },
            { id: "ref", header: t("groups.members.ref"), cell: (member: Member) => member.participant.external_ref ?? "" },
            { id: "since", header: t("groups.members.since"), cell: (member: Member) => formatShortDate(new Date(member.starts_at), timeZone) },
            past && {
              id: "until",
              header: t("groups.members.until"),
              cell: (member: Member) => (member.ends_at ? formatShortDate(new Date(member.ends_at), timeZone) : t("groups.members.current")),
            },
            canEdit && {
              id: "actions",
              header: t("groups.members.actions"),
              onCard: "actions",
              cell: (member: Member) =>
                member.ends_at ? null : (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-disabled={removing || undefined}
                    aria-describedby={removing ? "members-removing" : undefined}
                    onClick={() => {
                      if (!removing) setAsking([member.participant]);
                    }}
                  >
                    {t("groups.members.remove")}
                    <span className="visually-hidden"> {member.participant.name}</span>
                  </button>
                ),
            },
          ]}
        />
      ) : null}
      {members.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(members.hasNextPage)} isFetching={members.isFetchingNextPage} onMore={() => void members.fetchNextPage()} />
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        onClose={() => setAsking(null)}
        pending={remove.isPending}
        title={
          asking?.length === 1
            ? t("groups.members.removeOneTitle", { name: asking[0]!.name, group })
            : t("groups.members.removeManyTitle", { count: asking?.length ?? 0, shown: formatNumber(asking?.length ?? 0), participants: lower(terms.participants), group })
        }
        confirmLabel={
          asking?.length === 1
            ? t("groups.members.removeOneConfirm", { name: asking[0]!.name })
            : t("groups.members.removeManyConfirm", { count: asking?.length ?? 0, shown: formatNumber(asking?.length ?? 0) })
        }
        onConfirm={confirmRemove}
      >
        {asking && asking.length > 1 ? (
          <ul className="bulk-names">
            {asking.map((person) => (
              <li key={person.id}>{person.name}</li>
            ))}
          </ul>
        ) : null}
        <p>{t("groups.members.removeBody", { sessions: lower(terms.sessions) })}</p>
      </ConfirmDialog>
    </section>
  );
}
