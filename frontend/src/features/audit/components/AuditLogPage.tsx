import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Alert } from "@/components/Alert";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, useGenericTerms, withGenericTerms, type Terminology } from "@/components/terminology";
import { formatDateTime } from "@/lib/intl";
import { useAuditSessions } from "@/features/audit/api/get-session";
import { useAuditLogs, type AuditEntry, type AuditFilters } from "@/features/audit/api/list-audit-logs";
import { useAuditDomains, type AuditDomain } from "@/features/audit/api/list-domains";
import { useAuditGroups, useAuditParticipants } from "@/features/audit/api/list-names";
import { useAuditUsers } from "@/features/audit/api/list-users";
import { changes, humanize, sessionName, sourceLine } from "@/features/audit/entry-words";
import { useNarrowScreen } from "@/components/use-narrow-screen";
import { ChangeList } from "./ChangeList";
import { SessionPicker } from "./SessionPicker";
import "@/features/audit/audit.css";

// Spelled out so the catalogue check sees each key; an entity not listed is put in words from its name.
export const ENTITY_KEYS = {
  presence_record: "audit.entity.presenceRecord",
  participant: "audit.entity.participant",
  group: "audit.entity.group",
  group_membership: "audit.entity.groupMembership",
  staff_assignment: "audit.entity.staffAssignment",
  session: "audit.entity.session",
  domain: "audit.entity.domain",
  presence_state: "audit.entity.presenceState",
  user: "audit.entity.user",
  organization: "audit.entity.organization",
  login_session: "audit.entity.loginSession",
  invitation_code: "audit.entity.invitationCode",
  advance_notice: "audit.entity.advanceNotice",
  sync_conflict: "audit.entity.syncConflict",
  kiosk: "audit.entity.kiosk",
  report: "audit.entity.report",
  report_schedule: "audit.entity.reportSchedule",
  webhook: "audit.entity.webhook",
} as const;

// The kinds of change people look for; spelled out so the catalogue check sees each key. Others
// are put in words from their names.
export const ACTION_KEYS = {
  create: "audit.action.create",
  update: "audit.action.update",
  delete: "audit.action.delete",
  resolve: "audit.action.resolve",
  check_in: "audit.action.checkIn",
  check_out: "audit.action.checkOut",
  archive: "audit.action.archive",
  deactivate: "audit.action.deactivate",
  erase: "audit.action.erase",
  merge: "audit.action.merge",
  retire: "audit.action.retire",
  approve: "audit.action.approve",
  login: "audit.action.login",
} as const;

const FILTERS = ["entity", "entity_id", "actor", "participant_id", "session_id", "group_id", "action", "from", "to"] as const;
type FilterName = (typeof FILTERS)[number];
type Draft = Record<FilterName, string>;

function draftOf(params: URLSearchParams): Draft {
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ""])) as Draft;
}

/** The id an entry names for `key`: in its values, or as the entity itself. */
function named(entry: AuditEntry, key: string, entity: string): string | undefined {
  const found = [entry.after?.[key], entry.before?.[key], entry.entity === entity ? entry.entity_id : null].find((v) => typeof v === "string");
  return typeof found === "string" ? found : undefined;
}

/** Managers and administrators search who changed what, when (SPEC §4.6), in words, never ids. */
export function AuditLogPage({ timeZone }: { timeZone: string | undefined }) {
  const { t } = useTranslation();
  usePageTitle(t("audit.title"));
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    entity: params.get("entity") || undefined,
    entityId: params.get("entity_id") || undefined,
    actor: params.get("actor") || undefined,
    participantId: params.get("participant_id") || undefined,
    sessionId: params.get("session_id") || undefined,
    groupId: params.get("group_id") || undefined,
    action: params.get("action") || undefined,
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
  };
  const logs = useAuditLogs(filters);
  const users = useAuditUsers();
  const participants = useAuditParticipants();
  const groups = useAuditGroups();
  const domains = useAuditDomains();
  const generic = useGenericTerms();
  const narrow = useNarrowScreen();
  const items = logs.data?.pages.flatMap((page) => page.items) ?? [];
  const sessionIds = [...new Set(items.map((entry) => named(entry, "session_id", "session")).filter((id): id is string => Boolean(id)))];
  const sessions = useAuditSessions(sessionIds);
  // The organization's words when it has one domain ("Lesson", "Student"), else the generic ones.
  const terms: Terminology = domains.data?.length === 1 ? withGenericTerms(domains.data[0]!.terminology, generic) : generic;

  const domainOf = (entry: AuditEntry): AuditDomain | undefined => {
    const sessionId = named(entry, "session_id", "session");
    const groupId = named(entry, "group_id", "group") ?? (sessionId ? sessions.get(sessionId)?.group_id : undefined);
    const code = groupId ? groups.data?.find((g) => g.id === groupId)?.domain : undefined;
    return code ? domains.data?.find((d) => d.code === code) : undefined;
  };
  const stateOf = (entry: AuditEntry) => (code: string) => {
    const own = domainOf(entry)?.states.find((s) => s.code === code);
    return own ?? domains.data?.flatMap((d) => d.states).find((s) => s.code === code);
  };
  const subjectOf = (entry: AuditEntry): string[] => {
    const person = named(entry, "participant_id", "participant");
    const sessionId = named(entry, "session_id", "session");
    const group = named(entry, "group_id", "group");
    const session = sessionId ? sessions.get(sessionId) : undefined;
    return [
      person ? participants.data?.find((p) => p.id === person)?.name : undefined,
      session ? sessionName(session, timeZone) : undefined,
      group ? groups.data?.find((g) => g.id === group)?.name : undefined,
    ].filter((name): name is string => Boolean(name));
  };
  const nameOf = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.full_name ?? t("audit.someone")) : t("audit.system"));
  const entityLabel = (entity: string) => {
    const key = ENTITY_KEYS[entity as keyof typeof ENTITY_KEYS];
    return key ? t(key) : humanize(entity);
  };
  const actionLabel = (action: string) => {
    const key = ACTION_KEYS[action as keyof typeof ACTION_KEYS];
    return key ? t(key) : humanize(action);
  };

  const [draft, setDraft] = useState<Draft>(() => draftOf(params));
  const [shownParams, setShownParams] = useState(params.toString());
  // The address changed (back, a link, a search): the form shows what the log shows.
  if (shownParams !== params.toString()) {
    setShownParams(params.toString());
    setDraft(draftOf(params));
  }
  const set = (name: FilterName) => (value: string) => setDraft((current) => ({ ...current, [name]: value }));
  const search = (next: Draft) => {
    const query = new URLSearchParams();
    for (const name of FILTERS) if (next[name].trim()) query.set(name, next[name].trim());
    setParams(query);
  };
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    search(draft);
  };
  const historyOf = (entry: AuditEntry) => search({ ...draftOf(new URLSearchParams()), entity: entry.entity, entity_id: entry.entity_id ?? "" });

  const entryParts = (entry: AuditEntry) => {
    const subject = subjectOf(entry);
    return {
      when: formatDateTime(new Date(entry.created_at), timeZone),
      who: nameOf(entry.actor_id),
      what: t("audit.what", { entity: entityLabel(entry.entity), action: actionLabel(entry.action) }),
      subject: subject.length ? subject.join(" · ") : null,
      changes: <ChangeList changes={changes(entry)} stateOf={stateOf(entry)} timeZone={timeZone} />,
      source: sourceLine(entry, timeZone),
      history:
        entry.entity_id && !filters.entityId ? (
          <button type="button" className="button button--secondary button--small" onClick={() => historyOf(entry)}>
            {t("audit.historyOf", { entity: lower(entityLabel(entry.entity)) })}
          </button>
        ) : null,
    };
  };

  return (
    <section className="page page--wide audit-page">
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <form role="search" className="form-row filters audit-filters" aria-label={t("audit.filter.label")} onSubmit={onSearch}>
        <SelectField label={t("audit.filter.entity")} value={draft.entity} onChange={(e) => set("entity")(e.target.value)}>
          <option value="">{t("audit.filter.anyEntity")}</option>
          {Object.entries(ENTITY_KEYS).map(([entity, key]) => (
            <option key={entity} value={entity}>
              {t(key)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.person")} value={draft.participant_id} onChange={(e) => set("participant_id")(e.target.value)}>
          <option value="">{t("audit.filter.anyPerson")}</option>
          {participants.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={domains.data?.length === 1 ? terms.group : t("audit.filter.group")} value={draft.group_id} onChange={(e) => set("group_id")(e.target.value)}>
          <option value="">{t("audit.filter.anyGroup")}</option>
          {groups.data?.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.action")} value={draft.action} onChange={(e) => set("action")(e.target.value)}>
          <option value="">{t("audit.filter.anyAction")}</option>
          {Object.entries(ACTION_KEYS).map(([action, key]) => (
            <option key={action} value={action}>
              {t(key)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.actor")} value={draft.actor} onChange={(e) => set("actor")(e.target.value)}>
          <option value="">{t("audit.filter.anyone")}</option>
          {users.data?.map((user) => (
            <option key={user.id} value={user.id}>
              {user.full_name}
            </option>
          ))}
        </SelectField>
        <TextField className="field--narrow" type="date" label={t("audit.filter.from")} value={draft.from} onChange={(e) => set("from")(e.target.value)} />
        <TextField className="field--narrow" type="date" label={t("audit.filter.to")} value={draft.to} onChange={(e) => set("to")(e.target.value)} />
        <SessionPicker
          value={draft.session_id}
          onChange={set("session_id")}
          groupId={draft.group_id}
          from={draft.from}
          to={draft.to}
          timeZone={timeZone}
          session={terms.session}
          sessions={terms.sessions}
        />
        <button type="submit" className="button button--primary">
          {t("audit.filter.search")}
        </button>
      </form>
      {filters.entityId ? (
        <Alert tone="notice">
          <p>{t("audit.historyShown", { entity: lower(entityLabel(filters.entity ?? "")) })}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => search({ ...draft, entity: "", entity_id: "" })}>
            {t("audit.showEverything")}
          </button>
        </Alert>
      ) : null}
      <QueryStatus isPending={logs.isPending} error={logs.error} onRetry={() => void logs.refetch()} />
      {logs.data && items.length === 0 ? <p className="empty">{t("audit.none")}</p> : null}
      {items.length && narrow ? (
        <ol className="audit-cards" aria-label={t("audit.title")}>
          {items.map((entry) => {
            const parts = entryParts(entry);
            return (
              <li key={`${entry.service}-${entry.id}`} className="audit-card">
                <p className="audit-card__what">{parts.what}</p>
                {parts.subject ? <p className="audit-card__subject">{parts.subject}</p> : null}
                {parts.changes}
                <p className="audit-card__meta">
                  {t("audit.card.byWhen", { who: parts.who, when: parts.when })}
                  <br />
                  {parts.source}
                </p>
                {parts.history}
              </li>
            );
          })}
        </ol>
      ) : null}
      {items.length && !narrow ? (
        <div className="table-wrap">
          <table className="table audit-table">
            <caption className="visually-hidden">{t("audit.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.column.when")}</th>
                <th scope="col">{t("audit.column.who")}</th>
                <th scope="col">{t("audit.column.what")}</th>
                <th scope="col">{t("audit.column.changes")}</th>
                <th scope="col">{t("audit.column.source")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => {
                const parts = entryParts(entry);
                return (
                  <tr key={`${entry.service}-${entry.id}`}>
                    <td>{parts.when}</td>
                    <td>{parts.who}</td>
                    <td>
                      <Lines lines={[parts.what, parts.subject]} />
                      {parts.history}
                    </td>
                    <td>{parts.changes}</td>
                    <td>{parts.source}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {logs.data ? <LoadMore shown={items.length} hasMore={Boolean(logs.hasNextPage)} isFetching={logs.isFetchingNextPage} onMore={() => void logs.fetchNextPage()} /> : null}
    </section>
  );
}

function Lines({ lines }: { lines: (ReactNode | null)[] }) {
  const shown = lines.filter((line) => line !== null);
  return (
    <>
      {shown.map((line, i) => (
        <span key={i} className="audit-line">
          {line}
        </span>
      ))}
    </>
  );
}
