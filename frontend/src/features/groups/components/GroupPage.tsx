import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Dialog } from "@/components/Dialog";
import { ConfirmAction } from "@/components/ConfirmAction";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { lower, useGenericTerms } from "@/components/terminology";
import { useArchiveGroup } from "@/features/groups/api/archive-group";
import { useGroup } from "@/features/groups/api/get-group";
import { GroupForm } from "./GroupForm";
import { MembersSection } from "./MembersSection";
import { StaffSection } from "./StaffSection";
import type { GroupDomain } from "./types";
import "@/features/groups/groups.css";

interface GroupPageProps {
  groupId: string;
  domains: readonly GroupDomain[] | undefined;
  timeZone: string | undefined;
  canEdit: boolean;
}

/** One group: its details and settings, its members over time and the staff who record for it. */
export function GroupPage({ groupId, domains, timeZone, canEdit }: GroupPageProps) {
  const { t } = useTranslation();
  const group = useGroup(groupId);
  const generic = useGenericTerms();
  const domain = domains?.find((d) => d.code === group.data?.domain);
  const terms = domain?.terminology ?? generic;
  usePageTitle(group.data ? `${terms.group}: ${group.data.name}` : terms.group);
  const [open, setOpen] = useState<"edit" | "archive" | null>(null);

  if (!group.data) {
    return (
      <section className="page">
        <h1>{terms.group}</h1>
        <QueryStatus isPending={group.isPending} error={group.error} onRetry={() => void group.refetch()} />
      </section>
    );
  }
  const data = group.data;
  const closeMarks = data.settings.close_marks_unmarked_as;

  return (
    <section className="page page--wide">
      <p className="muted">
        <Link to="/groups">{t("groups.back", { groups: lower(terms.groups) })}</Link>
      </p>
      <div className="page-header">
        <h1>
          {terms.group}: {data.name}
        </h1>
        {canEdit && !data.archived_at ? (
          <div className="table__actions">
            <button type="button" className="button button--secondary" onClick={() => setOpen("edit")}>
              {t("groups.edit", { group: lower(terms.group) })}
            </button>
            <button type="button" className="button button--danger" onClick={() => setOpen("archive")}>
              {t("groups.archive", { group: lower(terms.group) })}
            </button>
          </div>
        ) : null}
      </div>
      {data.archived_at ? <p className="badge">{t("groups.archived")}</p> : null}
      <dl className="details">
        <div>
          <dt>{t("groups.column.domain")}</dt>
          <dd>{domain?.name ?? data.domain}</dd>
        </div>
        {data.description ? (
          <div>
            <dt>{t("groups.column.description")}</dt>
            <dd>{data.description}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("groups.form.lateAfter")}</dt>
          <dd>{t("groups.form.lateAfterValue", { count: data.settings.late_after_minutes })}</dd>
        </div>
        <div>
          <dt>{t("groups.settings.onClose", { session: lower(terms.session) })}</dt>
          <dd>
            {closeMarks
              ? t("groups.settings.closeMarks", { state: domain?.states.find((s) => s.code === closeMarks)?.label ?? closeMarks })
              : t("groups.settings.closeMarksNobody")}
          </dd>
        </div>
        <div>
          <dt>{t("groups.settings.closing", { sessions: lower(terms.sessions) })}</dt>
          <dd>
            {data.settings.close_after_minutes == null
              ? t("groups.settings.closedByStaff", { sessions: lower(terms.sessions) })
              : t("groups.settings.closedAfter", { count: data.settings.close_after_minutes, session: lower(terms.session) })}
          </dd>
        </div>
      </dl>
      <p>
        <Link to={`/sessions?group=${encodeURIComponent(data.id)}`}>{t("groups.sessionsLink", { sessions: terms.sessions })}</Link>
      </p>

      <MembersSection groupId={data.id} terms={terms} timeZone={timeZone} canEdit={canEdit && !data.archived_at} />
      <StaffSection groupId={data.id} canEdit={canEdit && !data.archived_at} />

      <Dialog open={open === "edit"} onClose={() => setOpen(null)} title={t("groups.edit", { group: lower(terms.group) })}>
        {open === "edit" && domains ? <GroupForm domains={domains} group={data} onDone={() => setOpen(null)} onCancel={() => setOpen(null)} /> : null}
      </Dialog>
      <Dialog open={open === "archive"} onClose={() => setOpen(null)} title={t("groups.archiveTitle", { name: data.name })}>
        {open === "archive" ? <ArchiveGroup groupId={data.id} onCancel={() => setOpen(null)} /> : null}
      </Dialog>
    </section>
  );
}

function ArchiveGroup({ groupId, onCancel }: { groupId: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const archive = useArchiveGroup();
  const navigate = useNavigate();
  return (
    <ConfirmAction
      confirmLabel={t("groups.archiveConfirm")}
      error={archive.error}
      pending={archive.isPending}
      onConfirm={() => archive.mutate(groupId, { onSuccess: () => void navigate("/groups") })}
      onCancel={onCancel}
    >
      <p>{t("groups.archiveBody")}</p>
    </ConfirmAction>
  );
}
