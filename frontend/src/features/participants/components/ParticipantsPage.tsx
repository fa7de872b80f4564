import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Dialog } from "@/components/Dialog";
import { ConfirmAction } from "@/components/ConfirmAction";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { useDeactivateParticipant } from "@/features/participants/api/deactivate-participant";
import { useParticipants, type Participant, type ParticipantFilters } from "@/features/participants/api/list-participants";
import { ParticipantForm } from "./ParticipantForm";

type Open = { kind: "new" } | { kind: "edit"; participant: Participant } | { kind: "deactivate"; participant: Participant } | null;

/** Participants: search, page through, add, edit, deactivate; import from a file. */
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

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    const q = String(form.get("q") ?? "").trim();
    if (q) next.set("q", q);
    const active = String(form.get("active") ?? "true");
    if (active !== "true") next.set("active", active);
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

      <QueryStatus isPending={participants.isPending} error={participants.error} onRetry={() => void participants.refetch()} />
      {participants.data && items.length === 0 ? <p className="empty">{t("participants.none", { participants: lower(terms.participants) })}</p> : null}
      {items.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{terms.participants}</caption>
            <thead>
              <tr>
                <th scope="col">{t("participants.column.name")}</th>
                <th scope="col">{t("participants.column.externalRef")}</th>
                <th scope="col">{t("participants.column.email")}</th>
                <th scope="col">{t("participants.column.phone")}</th>
                <th scope="col">{t("participants.column.status")}</th>
                <th scope="col">{t("participants.column.pin")}</th>
                {canEdit ? <th scope="col">{t("participants.column.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((participant) => (
                <tr key={participant.id}>
                  <th scope="row">
                    <Link to={`/participants/${encodeURIComponent(participant.id)}`}>{participant.name}</Link>
                  </th>
                  <td>{participant.external_ref ?? ""}</td>
                  <td>{participant.email ?? ""}</td>
                  <td>{participant.phone ?? ""}</td>
                  <td>{participant.is_active ? t("participants.active") : t("participants.inactive")}</td>
                  <td>{participant.has_pin ? t("participants.pin.setShort") : t("participants.pin.noneShort")}</td>
                  {canEdit ? (
                    <td>
                      <div className="table__actions">
                        <button type="button" className="button button--secondary button--small" onClick={() => setOpen({ kind: "edit", participant })}>
                          {t("ui.edit")}
                          <span className="visually-hidden"> {participant.name}</span>
                        </button>
                        {participant.is_active ? (
                          <button type="button" className="button button--danger button--small" onClick={() => setOpen({ kind: "deactivate", participant })}>
                            {t("participants.deactivate")}
                            <span className="visually-hidden"> {participant.name}</span>
                          </button>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
