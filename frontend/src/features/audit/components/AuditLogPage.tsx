import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { SelectField, TextField } from "@/components/Field";
import { LoadMore } from "@/components/LoadMore";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { formatDateTime } from "@/lib/intl";
import { useAuditLogs, type AuditEntry, type AuditFilters } from "@/features/audit/api/list-audit-logs";
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

const FILTERS = ["entity", "entity_id", "actor", "from", "to"] as const;

function short(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** What an entry changed: each field that has an "after", with what it was before. */
function changes(entry: AuditEntry): { field: string; before: string | null; after: string }[] {
  const after = entry.after ?? {};
  return Object.keys(after).map((field) => ({
    field,
    before: entry.before && field in entry.before ? short(entry.before[field]) : null,
    after: short(after[field]),
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
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
  };
  const logs = useAuditLogs(filters);
  const users = useAuditUsers();
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
                  <td>{entry.source}</td>
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
