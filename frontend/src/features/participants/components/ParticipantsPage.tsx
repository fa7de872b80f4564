import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { Dialog } from "@/components/Dialog";
import { ConfirmAction } from "@/components/ConfirmAction";
import { CheckboxField, SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { lower, type Terminology } from "@/components/terminology";
import { formatNumber } from "@/lib/intl";
import type { AddedToGroup } from "@/features/participants/api/add-to-group";
import { useDeactivateParticipant } from "@/features/participants/api/deactivate-participant";
import { useParticipants, type Participant, type ParticipantFilters } from "@/features/participants/api/list-participants";
import { AddToGroup } from "./AddToGroup";
import { ParticipantForm } from "./ParticipantForm";
import "@/features/participants/participants.css";

type Open =
  | { kind: "new" }
  | { kind: "edit"; participant: Participant }
  | { kind: "deactivate"; participant: Participant }
  | { kind: "addToGroup"; people: Participant[] }
  | null;

/** Participants: search, page through, add, edit, deactivate; choose several and add them to a group; import from a file. */
export function ParticipantsPage({ terms, canEdit }: { terms: Terminology; canEdit: boolean }) {
  const { t } = useTranslation();
  usePageTitle(terms.participants);
  const [params, setParams] = useSearchParams();
  const activeParam = params.get("active");
  const filters: ParticipantFilters = {
    q: params.get("q") || undefined,
    active: activeParam === "all" ? undefined : activeParam !== "false",
  };
  const participants = useParticipants(filters);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const items = participants.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [added, setAdded] = useState<(AddedToGroup & { group: string }) | null>(null);
  const chosen = items.filter((participant) => selected.has(participant.id));
  const allChosen = items.length > 0 && chosen.length === items.length;
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    const q = String(form.get("q") ?? "").trim();
    if (q) next.set("q", q);
    const active = String(form.get("active") ?? "true");
    if (active !== "true") next.set("active", active);
    setSelected(new Set());
    setParams(next);
  };

  return (
    <section className="page page--wide">
      <div className="page-header">
        <h1>{terms.participants}</h1>
        {canEdit ? (
          <div className="table__actions">
            <button type="button" className="button button--primary" onClick={() => setOpen({ kind: "new" })}>
              {t("participants.new", { participant: lower(terms.participant) })}
            </button>
            <Link className="button button--secondary" to="/participants/import">
              {t("participants.importLink")}
            </Link>
            <Link className="button button--secondary" to="/participants/walk-ins">
              {t("participants.walkInsLink")}
            </Link>
          </div>
        ) : null}
      </div>

      <form key={params.toString()} role="search" className="form-row filters" onSubmit={onSearch}>
        <TextField type="search" name="q" label={t("participants.search")} hint={t("participants.searchHint")} defaultValue={filters.q ?? ""} />
        <SelectField className="field--narrow" name="active" label={t("participants.show")} defaultValue={activeParam ?? "true"}>
          <option value="true">{t("participants.activeOnly")}</option>
          <option value="false">{t("participants.inactiveOnly")}</option>
          <option value="all">{t("participants.everyone")}</option>
        </SelectField>
        <button type="submit" className="button button--secondary">
          {t("participants.searchButton")}
        </button>
      </form>

      {added ? (
        <Alert tone="notice">
          <p>
            {t("participants.bulk.added", { count: added.added, shown: formatNumber(added.added), participants: lower(terms.participants), group: added.group })}
            {added.already_members ? ` ${t("participants.bulk.already", { count: added.already_members, shown: formatNumber(added.already_members) })}` : null}
          </p>
        </Alert>
      ) : null}
      {canEdit && items.length ? (
        <div className="bulk-bar" role="group" aria-label={t("participants.bulk.label", { participants: lower(terms.participants) })}>
          <CheckboxField
            label={t("participants.bulk.selectAll")}
            checked={allChosen}
            onChange={(e) => setSelected(e.target.checked ? new Set(items.map((p) => p.id)) : new Set())}
          />
          <span className="muted">{t("participants.bulk.chosen", { count: chosen.length, shown: formatNumber(chosen.length) })}</span>
          <ActionButton
            className="button button--secondary button--small"
            unavailableReason={chosen.length === 0 ? t("participants.bulk.chooseFirst", { participants: lower(terms.participants) }) : undefined}
            onClick={() => setOpen({ kind: "addToGroup", people: chosen })}
          >
            {t("participants.bulk.add", { group: lower(terms.group) })}
          </ActionButton>
        </div>
      ) : null}
      <QueryStatus isPending={participants.isPending} error={participants.error} onRetry={() => void participants.refetch()} />
      {participants.data && items.length === 0 ? <p className="empty">{t("participants.none", { participants: lower(terms.participants) })}</p> : null}
      {items.length ? (
        <StackedTable
          caption={terms.participants}
          rows={items}
          rowKey={(participant) => participant.id}
          columns={[
            canEdit && {
              id: "pick",
              header: t("participants.bulk.choose"),
              headerHidden: true,
              onCard: "pick",
              className: "participants-table__pick",
              cell: (participant: Participant) => (
                <input
                  type="checkbox"
                  aria-label={t("participants.bulk.chooseOne", { name: participant.name })}
                  checked={selected.has(participant.id)}
                  onChange={(e) => toggle(participant.id, e.target.checked)}
                />
              ),
            },
            {
              id: "name",
              header: t("participants.column.name"),
              rowHeader: true,
              cell: (participant: Participant) => <Link to={`/participants/${encodeURIComponent(participant.id)}`}>{participant.name}</Link>,
            },
            { id: "ref", header: t("participants.column.externalRef"), cell: (participant: Participant) => participant.external_ref ?? "" },
            { id: "email", header: t("participants.column.email"), cell: (participant: Participant) => participant.email ?? "" },
            { id: "phone", header: t("participants.column.phone"), cell: (participant: Participant) => participant.phone ?? "" },
            {
              id: "status",
              header: t("participants.column.status"),
              cell: (participant: Participant) => (participant.is_active ? t("participants.active") : t("participants.inactive")),
            },
            {
              id: "pin",
              header: t("participants.column.pin"),
              cell: (participant: Participant) => (participant.has_pin ? t("participants.pin.setShort") : t("participants.pin.noneShort")),
            },
            canEdit && {
              id: "actions",
              header: t("participants.column.actions"),
              onCard: "actions",
              cell: (participant: Participant) => (
                <div className="table__actions">
                  <button type="button" className="button button--secondary button--small" onClick={() => setOpen({ kind: "edit", participant })}>
                    {t("ui.edit")}
                    <span className="visually-hidden"> {participant.name}</span>
                  </button>
                  {participant.is_active ? (
                    <button type="button" className="button button--secondary button--small" onClick={() => setOpen({ kind: "deactivate", participant })}>
                      {t("participants.deactivate")}
                      <span className="visually-hidden"> {participant.name}</span>
                    </button>
                  ) : null}
                </div>
              ),
            },
          ]}
        />
      ) : null}
      {participants.data ? (
        <LoadMore
          shown={items.length}
          hasMore={Boolean(participants.hasNextPage)}
          isFetching={participants.isFetchingNextPage}
          onMore={() => void participants.fetchNextPage()}
        />
      ) : null}

      <Dialog open={open?.kind === "new"} onClose={close} title={t("participants.new", { participant: lower(terms.participant) })}>
        {open?.kind === "new" ? <ParticipantForm onDone={close} /> : null}
      </Dialog>
      <Dialog open={open?.kind === "edit"} onClose={close} title={open?.kind === "edit" ? t("participants.editTitle", { name: open.participant.name }) : ""}>
        {open?.kind === "edit" ? <ParticipantForm participant={open.participant} onDone={close} /> : null}
      </Dialog>
      <Dialog
        open={open?.kind === "addToGroup"}
        onClose={close}
        title={open?.kind === "addToGroup" ? t("participants.bulk.addTitle", { count: open.people.length, shown: formatNumber(open.people.length), participants: lower(terms.participants), group: lower(terms.group) }) : ""}
      >
        {open?.kind === "addToGroup" ? (
          <AddToGroup
            people={open.people}
            terms={terms}
            onCancel={close}
            onDone={(result) => {
              setAdded(result);
              setSelected(new Set());
              close();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={open?.kind === "deactivate"}
        onClose={close}
        title={open?.kind === "deactivate" ? t("participants.deactivateTitle", { name: open.participant.name }) : ""}
      >
        {open?.kind === "deactivate" ? <Deactivate participant={open.participant} terms={terms} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}

function Deactivate({ participant, terms, onDone }: { participant: Participant; terms: Terminology; onDone: () => void }) {
  const { t } = useTranslation();
  const deactivate = useDeactivateParticipant();
  return (
    <ConfirmAction
      confirmLabel={t("participants.deactivateConfirm", { name: participant.name })}
      error={deactivate.error}
      pending={deactivate.isPending}
      onConfirm={() => deactivate.mutate(participant.id, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>{t("participants.deactivateBody", { groups: lower(terms.groups) })}</p>
    </ConfirmAction>
  );
}
