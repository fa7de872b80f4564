import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Dialog } from "@/components/Dialog";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { StackedTable } from "@/components/StackedTable";
import { lower, type Terminology } from "@/components/terminology";
import { useGroups, type Group } from "@/features/groups/api/list-groups";
import { GroupForm } from "./GroupForm";
import type { GroupDomain } from "./types";

/** The organization's groups; administrators add one and open it to manage members and staff. */
export function GroupsPage({ domains, terms, canEdit }: { domains: readonly GroupDomain[] | undefined; terms: Terminology; canEdit: boolean }) {
  const { t } = useTranslation();
  usePageTitle(terms.groups);
  const groups = useGroups();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const domainName = (code: string) => domains?.find((d) => d.code === code)?.name ?? code;
  const items = groups.data?.items ?? [];

  return (
    <section className="page page--wide">
      <div className="page-header">
        <h1>{terms.groups}</h1>
        {canEdit ? (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t("groups.new", { group: lower(terms.group) })}
          </button>
        ) : null}
      </div>
      <QueryStatus isPending={groups.isPending} error={groups.error} onRetry={() => void groups.refetch()} />
      {groups.data && items.length === 0 ? <p className="empty">{t("groups.none", { groups: lower(terms.groups) })}</p> : null}
      {items.length ? (
        <StackedTable
          caption={terms.groups}
          rows={items}
          rowKey={(group) => group.id}
          columns={[
            { id: "name", header: t("groups.column.name"), rowHeader: true, cell: (group: Group) => <Link to={`/groups/${group.id}`}>{group.name}</Link> },
            { id: "domain", header: t("groups.column.domain"), cell: (group: Group) => domainName(group.domain) },
            { id: "description", header: t("groups.column.description"), cell: (group: Group) => group.description ?? "" },
          ]}
        />
      ) : null}
      {groups.data?.next_cursor ? <p className="muted">{t("groups.more")}</p> : null}
      <Dialog open={creating} onClose={() => setCreating(false)} title={t("groups.new", { group: lower(terms.group) })}>
        {creating && domains ? (
          <GroupForm domains={domains} onCancel={() => setCreating(false)} onDone={(group) => void navigate(`/groups/${group.id}`)} />
        ) : null}
      </Dialog>
    </section>
  );
}
