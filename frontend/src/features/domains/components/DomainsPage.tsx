import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "@/components/Dialog";
import { ConfirmAction } from "@/components/ConfirmAction";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { ROLE_LABEL_KEYS } from "@/components/RoleLabel";
import { StackedTable } from "@/components/StackedTable";
import { StateLabel } from "@/components/StateLabel";
import { formatNumber } from "@/lib/intl";
import { useDomains, type Domain, type PresenceState } from "@/features/domains/api/list-domains";
import { usePresenceStates } from "@/features/domains/api/list-presence-states";
import { useRetirePresenceState } from "@/features/domains/api/retire-presence-state";
import { DomainForm } from "./DomainForm";
import { CATEGORY_KEYS, StateForm } from "./StateForm";

type Editing =
  | { kind: "state"; domain: Domain; state?: PresenceState }
  | { kind: "domain"; domain?: Domain }
  | { kind: "retire"; state: PresenceState }
  | null;

/** Administrators configure domains and their presence states (SPEC §2); others may look. */
export function DomainsPage({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t("domains.title"));
  const domains = useDomains();
  // With retired states too: they stay listed (marked retired), since records keep them.
  const states = usePresenceStates({ includeRetired: true });
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);

  return (
    <section className="page page--wide">
      <div className="page-header">
        <h1>{t("domains.title")}</h1>
        {canEdit ? (
          <button type="button" className="button button--primary" onClick={() => setEditing({ kind: "domain" })}>
            {t("domains.newDomain")}
          </button>
        ) : null}
      </div>
      <p>{t("domains.intro")}</p>
      <QueryStatus isPending={domains.isPending || states.isPending} error={domains.error ?? states.error} onRetry={() => void domains.refetch()} />
      {domains.data?.map((domain) => (
        <DomainSection
          key={domain.code}
          domain={domain}
          states={(states.data ?? []).filter((s) => s.domain === domain.code)}
          canEdit={canEdit}
          onEdit={setEditing}
        />
      ))}

      <Dialog
        open={editing?.kind === "state"}
        onClose={close}
        title={
          editing?.kind === "state"
            ? editing.state
              ? t("domains.editStateTitle", { label: editing.state.label })
              : t("domains.addStateTitle", { name: editing.domain.name })
            : ""
        }
      >
        {editing?.kind === "state" ? (
          <StateForm
            domain={editing.domain}
            state={editing.state}
            nextSortOrder={nextSortOrder(states.data ?? [], editing.domain.code)}
            onDone={close}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={editing?.kind === "domain"}
        onClose={close}
        title={editing?.kind === "domain" && editing.domain ? t("domains.editDomainTitle", { name: editing.domain.name }) : t("domains.newDomain")}
      >
        {editing?.kind === "domain" ? <DomainForm domain={editing.domain} onDone={close} /> : null}
      </Dialog>
      <Dialog open={editing?.kind === "retire"} onClose={close} title={editing?.kind === "retire" ? t("domains.retireTitle", { label: editing.state.label }) : ""}>
        {editing?.kind === "retire" ? <RetireState state={editing.state} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}

function nextSortOrder(states: PresenceState[], domain: string): number {
  const orders = states.filter((s) => s.domain === domain).map((s) => s.sort_order);
  return orders.length ? Math.min(10_000, Math.max(...orders) + 10) : 10;
}

interface DomainSectionProps {
  domain: Domain;
  states: PresenceState[];
  canEdit: boolean;
  onEdit: (editing: Editing) => void;
}

function DomainSection({ domain, states, canEdit, onEdit }: DomainSectionProps) {
  const { t } = useTranslation();
  const words = domain.terminology;
  return (
    <section className="section card" aria-labelledby={`domain-${domain.code}`}>
      <div className="page-header">
        <h2 id={`domain-${domain.code}`}>
          {domain.name} <span className="badge">{domain.is_preset ? t("domains.preset") : t("domains.custom")}</span>
        </h2>
        {canEdit ? (
          <div className="table__actions">
            <button type="button" className="button button--secondary button--small" onClick={() => onEdit({ kind: "domain", domain })}>
              {t("domains.editDomain", { name: domain.name })}
            </button>
            <button type="button" className="button button--primary button--small" onClick={() => onEdit({ kind: "state", domain })}>
              {t("domains.addState", { name: domain.name })}
            </button>
          </div>
        ) : null}
      </div>
      <p className="muted">
        {t("domains.wordsLine", {
          code: domain.code,
          participant: words.participant,
          group: words.group,
          session: words.session,
          participants: words.participants,
          groups: words.groups,
          sessions: words.sessions,
        })}
      </p>
      <StackedTable
        caption={t("domains.statesOf", { name: domain.name })}
        showCaption
        rows={states}
        rowKey={(state) => state.id}
        columns={[
          { id: "order", header: t("domains.column.order"), cell: (state: PresenceState) => formatNumber(state.sort_order) },
          {
            id: "state",
            header: t("domains.column.state"),
            rowHeader: true,
            cell: (state: PresenceState) => <StateLabel color={state.color} label={state.label} code={state.code} />,
          },
          { id: "category", header: t("domains.column.category"), cell: (state: PresenceState) => t(CATEGORY_KEYS[state.category]) },
          {
            id: "weight",
            header: t("domains.column.weight"),
            cell: (state: PresenceState) => (state.weight == null ? t("domains.notCounted") : formatNumber(state.weight)),
          },
          {
            id: "roles",
            header: t("domains.column.roles"),
            cell: (state: PresenceState) => (state.roles?.length ? state.roles.map((role) => t(ROLE_LABEL_KEYS[role])).join(", ") : t("domains.everyRole")),
          },
          {
            id: "status",
            header: t("domains.column.status"),
            cell: (state: PresenceState) => (state.retired ? t("domains.retired") : state.is_default ? t("domains.inUseDefault") : t("domains.inUse")),
          },
          canEdit && {
            id: "actions",
            header: t("domains.column.actions"),
            onCard: "actions",
            cell: (state: PresenceState) =>
              state.retired ? null : (
                <div className="table__actions">
                  <button type="button" className="button button--secondary button--small" onClick={() => onEdit({ kind: "state", domain, state })}>
                    {t("ui.edit")}
                    <span className="visually-hidden"> {state.label}</span>
                  </button>
                  <button type="button" className="button button--danger button--small" onClick={() => onEdit({ kind: "retire", state })}>
                    {t("domains.retire")}
                    <span className="visually-hidden"> {state.label}</span>
                  </button>
                </div>
              ),
          },
        ]}
      />
    </section>
  );
}

function RetireState({ state, onDone }: { state: PresenceState; onDone: () => void }) {
  const { t } = useTranslation();
  const retire = useRetirePresenceState();
  return (
    <ConfirmAction
      confirmLabel={t("domains.retireConfirm", { label: state.label })}
      error={retire.error}
      pending={retire.isPending}
      onConfirm={() => retire.mutate(state.id, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>{t("domains.retireBody")}</p>
    </ConfirmAction>
  );
}
