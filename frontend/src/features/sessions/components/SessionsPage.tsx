import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Alert } from "@/components/Alert";
import { Dialog } from "@/components/Dialog";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { phaseText, sessionPhase } from "@/components/session-phase";
import { lower } from "@/components/terminology";
import { addDays, formatShortDate, formatTimeRange, todayIn } from "@/lib/intl";
import type { SessionCreated } from "@/features/sessions/api/create-session";
import { useSessions, type Session, type SessionFilters, type SessionStatus } from "@/features/sessions/api/list-sessions";
import { CancelSession, SessionEditForm } from "./SessionEditForm";
import { SessionForm } from "./SessionForm";
import { STATUS_KEYS, type SessionScreenProps } from "./types";
import "@/features/sessions/sessions.css";

type Open = { kind: "new" } | { kind: "edit"; session: Session } | { kind: "cancel"; session: Session } | null;

/** Sessions by group and dates; administrators create single ones and series, edit and cancel. */
export function SessionsPage({ timeZone, groups, termsFor, terms, canEdit }: SessionScreenProps & { canEdit: boolean }) {
  const { t } = useTranslation();
  // The clock the statuses are read against (upcoming, running now, over): the time the page opened.
  const [now] = useState(() => new Date());
  usePageTitle(terms.sessions);
  const [params, setParams] = useSearchParams();
  const today = timeZone ? todayIn(timeZone) : "";
  const filters: SessionFilters = {
    groupId: params.get("group") || undefined,
    from: params.get("from") || today || undefined,
    to: params.get("to") || (today ? addDays(today, 13) : undefined),
    status: (params.get("status") as SessionStatus | null) || undefined,
  };
  const sessions = useSessions(filters);
  const [open, setOpen] = useState<Open>(null);
  const [created, setCreated] = useState<SessionCreated | null>(null);
  const close = () => setOpen(null);
  const groupOf = (id: string) => groups?.find((g) => g.id === id);
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["group", "from", "to", "status"]) {
      const value = String(form.get(name) ?? "");
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  const onCreated = (session: SessionCreated, lastDay: string) => {
    setOpen(null);
    setCreated(session);
    // Show what was just made: its group, from its first day to its last.
    const first = timeZone ? new Date(session.starts_at) : null;
    const next = new URLSearchParams({ group: session.group_id, to: lastDay });
    if (first && timeZone) next.set("from", todayIn(timeZone, first));
    setParams(next);
  };

  return (
    <section className="page page--wide">
      <div className="page-header">
        <h1>{terms.sessions}</h1>
        {canEdit ? (
          <button type="button" className="button button--primary" onClick={() => setOpen({ kind: "new" })}>
            {t("sessions.new", { session: lower(terms.session) })}
          </button>
        ) : null}
      </div>
      {created ? (
        <Alert tone="notice">
          <p>{t("sessions.created", { count: created.occurrences, sessions: lower(terms.sessions), session: lower(terms.session) })}</p>
        </Alert>
      ) : null}

      {/* Keyed by the address: the fields show the filters in force after Back or a new series. */}
      <form key={params.toString()} className="form-row filters" onSubmit={onFilter} aria-label={t("sessions.filters")}>
        <SelectField label={terms.group} name="group" defaultValue={filters.groupId ?? ""}>
          <option value="">{t("sessions.anyGroup", { groups: lower(terms.groups) })}</option>
          {groups?.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </SelectField>
        <TextField className="field--narrow" type="date" label={t("sessions.from")} name="from" defaultValue={filters.from} />
        <TextField className="field--narrow" type="date" label={t("sessions.to")} name="to" defaultValue={filters.to} />
        <SelectField className="field--narrow" label={t("sessions.status")} name="status" defaultValue={filters.status ?? ""}>
          <option value="">{t("sessions.anyStatus")}</option>
          {Object.entries(STATUS_KEYS).map(([value, key]) => (
            <option key={value} value={value}>
              {t(key)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary">
          {t("sessions.show")}
        </button>
      </form>

      <QueryStatus isPending={sessions.isPending} error={sessions.error} onRetry={() => void sessions.refetch()} />
      {sessions.data && items.length === 0 ? <p className="empty">{t("sessions.none", { sessions: lower(terms.sessions) })}</p> : null}
      {items.length ? (
        <StackedTable
          caption={terms.sessions}
          rows={items}
          rowKey={(session) => session.id}
          columns={[
            { id: "date", header: t("sessions.column.date"), cell: (session: Session) => formatShortDate(new Date(session.starts_at), timeZone) },
            {
              id: "time",
              header: t("sessions.column.time"),
              cell: (session: Session) => formatTimeRange(new Date(session.starts_at), new Date(session.ends_at), timeZone),
            },
            {
              id: "title",
              header: t("sessions.column.title"),
              rowHeader: true,
              cell: (session: Session) => (
                <>
                  <Link to={`/sessions/${session.id}`}>{session.title}</Link>
                  {session.series_id ? <span className="visually-hidden"> {t("sessions.inSeries")}</span> : null}
                </>
              ),
            },
            { id: "group", header: terms.group, cell: (session: Session) => groupOf(session.group_id)?.name ?? "" },
            { id: "status", header: t("sessions.column.status"), cell: (session: Session) => phaseText(sessionPhase(session, now), t) },
            canEdit && {
              id: "actions",
              header: t("sessions.column.actions"),
              onCard: "actions",
              cell: (session: Session) => {
                const of = t("sessions.ofSession", { title: session.title, date: formatShortDate(new Date(session.starts_at), timeZone) });
                return (
                  <div className="table__actions">
                    <button type="button" className="button button--secondary button--small" onClick={() => setOpen({ kind: "edit", session })}>
                      {t("ui.edit")}
                      <span className="visually-hidden"> {of}</span>
                    </button>
                    {session.status === "cancelled" ? null : (
                      <button type="button" className="button button--danger button--small" onClick={() => setOpen({ kind: "cancel", session })}>
                        {t("sessions.cancel.button")}
                        <span className="visually-hidden"> {of}</span>
                      </button>
                    )}
                  </div>
                );
              },
            },
          ]}
        />
      ) : null}
      {sessions.data ? (
        <LoadMore shown={items.length} hasMore={Boolean(sessions.hasNextPage)} isFetching={sessions.isFetchingNextPage} onMore={() => void sessions.fetchNextPage()} />
      ) : null}

      <Dialog open={open?.kind === "new"} onClose={close} title={t("sessions.new", { session: lower(terms.session) })}>
        {open?.kind === "new" ? (
          <SessionForm groups={groups} terms={terms} timeZone={timeZone} initialGroupId={filters.groupId} onCreated={onCreated} onCancel={close} />
        ) : null}
      </Dialog>
      <Dialog open={open?.kind === "edit"} onClose={close} title={open?.kind === "edit" ? t("sessions.editTitle", { title: open.session.title }) : ""}>
        {open?.kind === "edit" && timeZone ? (
          <SessionEditForm session={open.session} timeZone={timeZone} terms={termsFor(groupOf(open.session.group_id)?.domain)} onDone={close} />
        ) : null}
      </Dialog>
      <Dialog open={open?.kind === "cancel"} onClose={close} title={open?.kind === "cancel" ? t("sessions.cancel.title", { title: open.session.title }) : ""}>
        {open?.kind === "cancel" ? <CancelSession session={open.session} terms={termsFor(groupOf(open.session.group_id)?.domain)} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}
