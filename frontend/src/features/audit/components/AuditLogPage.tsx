import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { formatDateTime } from "@/lib/intl";
import { useAuditLogs, type AuditEntry, type AuditFilters } from "@/features/audit/api/list-audit-logs";
import { useAuditGroups, useAuditParticipants } from "@/features/audit/api/list-names";
import { useAuditUsers } from "@/features/audit/api/list-users";
import "@/features/audit/audit.css";

// Spelled out so the catalogue check sees each key; an entity not listed shows by its code.
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
} as const;

// Where a change came from; an unknown source shows by its code.
const SOURCE_KEYS = {
  online: "audit.source.online",
  offline_sync: "audit.source.offline",
  kiosk: "audit.source.kiosk",
  self_check_in: "audit.source.selfCheckIn",
  auto_mark: "audit.source.autoMark",
  advance_notice: "audit.source.advanceNotice",
} as const;

const FILTERS = ["entity", "entity_id", "actor", "participant_id", "group_id", "action", "from", "to"] as const;

// The kinds of change people look for; spelled out so the catalogue check sees each key.
export const ACTION_KEYS = {
  create: "audit.action.create",
  update: "audit.action.update",
  delete: "audit.action.delete",
  resolve: "audit.action.resolve",
} as const;

// Fields whose value is an id the entry names otherwise (its participant, session, group).
const HIDDEN_FIELDS = new Set(["session_id", "participant_id", "group_id", "organization_id", "id"]);

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const empty = (value: unknown) => value === null || value === undefined || value === "";

/**
 * What an entry changed: only fields whose value did change (never "null → null"), with what
 * each was before; ids the entry names otherwise are left out.
 */
export function changes(entry: AuditEntry): { field: string; before: string | null; after: string }[] {
  const after = entry.after ?? {};
  const before = entry.before ?? {};
  return Object.keys(after)
    .filter((field) => !HIDDEN_FIELDS.has(field))
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .filter((field) => !(empty(after[field]) && !(field in before)))
    .map((field) => ({
      field,
      before: field in before && !empty(before[field]) ? short(before[field]) : null,
      after: empty(after[field]) ? "—" : short(after[field]),
    }));
}

/** Managers and administrators search who changed what, when (SPEC §4.6). */
export function AuditLogPage({ timeZone }: { timeZone: string | undefined }) {
  const { t } = useTranslation();
  usePageTitle(t("audit.title"));
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    entity: params.get("entity") || undefined,
    entityId: params.get("entity_id") || undefined,
    actor: params.get("actor") || undefined,
    participantId: params.get("participant_id") || undefined,
    groupId: params.get("group_id") || undefined,
    action: params.get("action") || undefined,
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
  };
  const logs = useAuditLogs(filters);
  const users = useAuditUsers();
  const participants = useAuditParticipants();
  const groups = useAuditGroups();
  // Where a change came from, in words: "Offline, from Frankie's phone, made 08:57".
  const sourceOf = (entry: AuditEntry) => {
    const device = entry.device_name ? t("audit.source.device", { device: entry.device_name }) : "";
    const made = typeof entry.after?.client_time === "string" && entry.source !== "online" ? t("audit.source.made", { at: formatDateTime(new Date(entry.after.client_time), timeZone) }) : "";
    const key = SOURCE_KEYS[entry.source as keyof typeof SOURCE_KEYS];
    return [key ? t(key) : entry.source, device, made].filter(Boolean).join(", ");
  };
  const subjectOf = (entry: AuditEntry) => {
    const person = [entry.after?.participant_id, entry.before?.participant_id, entry.entity === "participant" ? entry.entity_id : null].find((v) => typeof v === "string");
    const group = [entry.after?.group_id, entry.before?.group_id, entry.entity === "group" ? entry.entity_id : null].find((v) => typeof v === "string");
    return [
      typeof person === "string" ? participants.data?.find((p) => p.id === person)?.name : undefined,
      typeof group === "string" ? groups.data?.find((g) => g.id === group)?.name : undefined,
    ].filter(Boolean).join(" · ");
  };
  const nameOf = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.full_name ?? id) : t("audit.system"));
  const entityLabel = (entity: string) => {
    const key = ENTITY_KEYS[entity as keyof typeof ENTITY_KEYS];
    return key ? t(key) : entity;
  };
  const items = logs.data?.pages.flatMap((page) => page.items) ?? [];

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  };

  return (
    <section className="page page--wide">
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <form key={params.toString()} role="search" className="form-row filters" onSubmit={onSearch}>
        <SelectField label={t("audit.filter.entity")} name="entity" defaultValue={filters.entity ?? ""}>
          <option value="">{t("audit.filter.anyEntity")}</option>
          {Object.entries(ENTITY_KEYS).map(([entity, key]) => (
            <option key={entity} value={entity}>
              {t(key)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("audit.filter.entityId")} name="entity_id" defaultValue={filters.entityId ?? ""} autoComplete="off" spellCheck={false} />
        <SelectField label={t("audit.filter.person")} name="participant_id" defaultValue={filters.participantId ?? ""}>
          <option value="">{t("audit.filter.anyPerson")}</option>
          {participants.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.group")} name="group_id" defaultValue={filters.groupId ?? ""}>
          <option value="">{t("audit.filter.anyGroup")}</option>
          {groups.data?.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.action")} name="action" defaultValue={filters.action ?? ""}>
          <option value="">{t("audit.filter.anyAction")}</option>
          {Object.entries(ACTION_KEYS).map(([action, key]) => (
            <option key={action} value={action}>
              {t(key)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("audit.filter.actor")} name="actor" defaultValue={filters.actor ?? ""}>
          <option value="">{t("audit.filter.anyone")}</option>
          {users.data?.map((user) => (
            <option key={user.id} value={user.id}>
              {user.full_name}
            </option>
          ))}
        </SelectField>
        <TextField className="field--narrow" type="date" label={t("audit.filter.from")} name="from" defaultValue={filters.from ?? ""} />
        <TextField className="field--narrow" type="date" label={t("audit.filter.to")} name="to" defaultValue={filters.to ?? ""} />
        <button type="submit" className="button button--primary">
          {t("audit.filter.search")}
        </button>
      </form>
      <QueryStatus isPending={logs.isPending} error={logs.error} onRetry={() => void logs.refetch()} />
      {logs.data && items.length === 0 ? <p className="empty">{t("audit.none")}</p> : null}
      {items.length ? (
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
              {items.map((entry) => (
                <tr key={`${entry.service}-${entry.id}`}>
                  <td>{formatDateTime(new Date(entry.created_at), timeZone)}</td>
                  <td>{nameOf(entry.actor_id)}</td>
                  <td>
                    {t("audit.what", { entity: entityLabel(entry.entity), action: entry.action })}
                    {subjectOf(entry) ? (
                      <>
                        <br />
                        {subjectOf(entry)}
                      </>
                    ) : null}
                    {entry.entity_id ? (
                      <>
                        <br />
                        <code className="audit-id">{entry.entity_id}</code>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <ul className="audit-changes">
                      {changes(entry).map((change) => (
                        <li key={change.field}>
                          <code>{change.field}</code>: {change.before === null ? change.after : t("audit.changed", { before: change.before, after: change.after })}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{sourceOf(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {logs.data ? <LoadMore shown={items.length} hasMore={Boolean(logs.hasNextPage)} isFetching={logs.isFetchingNextPage} onMore={() => void logs.fetchNextPage()} /> : null}
    </section>
  );
}
