import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Dialog } from "@/components/Dialog";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, type Terminology } from "@/components/terminology";
import { useGroups } from "@/features/groups/api/list-groups";
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
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{terms.groups}</caption>
            <thead>
              <tr>
                <th scope="col">{t("groups.column.name")}</th>
                <th scope="col">{t("groups.column.domain")}</th>
                <th scope="col">{t("groups.column.description")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((group) => (
                <tr key={group.id}>
                  <th scope="row">
                    <Link to={`/groups/${group.id}`}>{group.name}</Link>
                  </th>
                  <td>{domainName(group.domain)}</td>
                  <td>{group.description ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
