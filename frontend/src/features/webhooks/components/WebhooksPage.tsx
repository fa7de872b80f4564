import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ConfirmAction } from "@/components/ConfirmAction";
import { Dialog } from "@/components/Dialog";
import { ErrorAlert } from "@/components/ErrorAlert";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { useSendTest } from "@/features/webhooks/api/deliveries";
import {
  eventLabel,
  useCreateWebhook,
  useDeleteWebhook,
  useUpdateWebhook,
  useWebhooks,
  type CreatedWebhook,
  type Webhook,
} from "@/features/webhooks/api/webhooks";
import { WebhookForm } from "./WebhookForm";
import "@/features/webhooks/webhooks.css";

type Open = { kind: "new" } | { kind: "created"; webhook: CreatedWebhook } | { kind: "edit"; webhook: Webhook } | { kind: "delete"; webhook: Webhook } | null;

/** Administrators: the organization's webhooks — add, change, turn off, delete, test, and each one's log. */
export function WebhooksPage() {
  const { t } = useTranslation();
  usePageTitle(t("webhooks.title"));
  const webhooks = useWebhooks();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const items = webhooks.data?.items ?? [];

  return (
    <section className="page">
      <div className="page-header">
        <h1>{t("webhooks.title")}</h1>
        <div className="table__actions">
          <button type="button" className="button button--primary" onClick={() => setOpen({ kind: "new" })}>
            {t("webhooks.add")}
          </button>
        </div>
      </div>
      <p className="page__meta">{t("webhooks.intro")}</p>
      <QueryStatus isPending={webhooks.isPending} error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      {webhooks.data && items.length === 0 ? <p>{t("webhooks.empty")}</p> : null}
      {items.length > 0 ? (
        <ul className="webhook-list" aria-label={t("webhooks.caption")}>
          {items.map((webhook) => (
            <WebhookCard
              key={webhook.id}
              webhook={webhook}
              onEdit={() => setOpen({ kind: "edit", webhook })}
              onDelete={() => setOpen({ kind: "delete", webhook })}
            />
          ))}
        </ul>
      ) : null}

      <Dialog open={open?.kind === "new"} onClose={close} title={t("webhooks.addTitle")}>
        <NewWebhook onCreated={(webhook) => setOpen({ kind: "created", webhook })} onCancel={close} />
      </Dialog>
      <Dialog open={open?.kind === "created"} onClose={close} title={t("webhooks.createdTitle")}>
        {open?.kind === "created" ? <SecretOnce webhook={open.webhook} onDone={close} /> : null}
      </Dialog>
      <Dialog open={open?.kind === "edit"} onClose={close} title={t("webhooks.editTitle")}>
        {open?.kind === "edit" ? <EditWebhook webhook={open.webhook} onDone={close} /> : null}
      </Dialog>
      <Dialog open={open?.kind === "delete"} onClose={close} title={t("webhooks.deleteTitle")}>
        {open?.kind === "delete" ? <DeleteWebhook webhook={open.webhook} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}

function WebhookCard({ webhook, onEdit, onDelete }: { webhook: Webhook; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateWebhook();
  const test = useSendTest(webhook.id);
  const log = `/webhooks/${encodeURIComponent(webhook.id)}`;
  return (
    <li className="webhook" aria-label={webhook.url}>
      <h2 className="webhook__url">{webhook.url}</h2>
      <p className="webhook__status">
        {t("webhooks.columns.status")}:{" "}
        <strong className={webhook.active ? "webhook__on" : "webhook__off"}>{webhook.active ? t("webhooks.status.active") : t("webhooks.status.inactive")}</strong>
      </p>
      <p className="webhook__events">
        {t("webhooks.columns.events")}: {webhook.events.map((name) => eventLabel(t, name)).join(", ")}
      </p>
      <ErrorAlert error={update.error ?? test.error} />
      {test.isSuccess ? (
        <Alert tone="notice">
          {t("webhooks.testSent", { url: webhook.url })} <Link to={log}>{t("webhooks.deliveries")}</Link>
        </Alert>
      ) : null}
      <div className="table__actions">
        <Link className="button button--secondary" to={log}>
          {t("webhooks.deliveries")}
        </Link>
        <ActionButton
          type="button"
          className="button button--secondary"
          pending={test.isPending}
          onClick={() => {
            if (!test.isPending) test.mutate(undefined);
          }}
        >
          {t("webhooks.test")}
        </ActionButton>
        <button type="button" className="button button--secondary" onClick={onEdit}>
          {t("webhooks.edit")}
        </button>
        <ActionButton className="button button--secondary" pending={update.isPending} onClick={() => update.mutate({ id: webhook.id, active: !webhook.active })}>
          {webhook.active ? t("webhooks.turnOff") : t("webhooks.turnOn")}
        </ActionButton>
        <button type="button" className="button button--danger" onClick={onDelete}>
          {t("webhooks.delete")}
        </button>
      </div>
    </li>
  );
}

function NewWebhook({ onCreated, onCancel }: { onCreated: (webhook: CreatedWebhook) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  return (
    <WebhookForm
      initial={{ url: "", events: ["presence.recorded", "presence.changed"], active: true }}
      submitLabel={t("webhooks.add")}
      pending={create.isPending}
      error={create.error}
      onSubmit={(values) => create.mutate(values, { onSuccess: onCreated })}
      onCancel={onCancel}
    />
  );
}

/** The signing secret, shown this once: the receiver needs it to check each event's signature. */
function SecretOnce({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form">
      <p>{t("webhooks.createdBody")}</p>
      <p>
        <span className="webhook__secret-label">{t("webhooks.secret")}</span>
        <code className="webhook-secret">{webhook.secret}</code>
      </p>
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={onDone}>
          {t("webhooks.copied")}
        </button>
      </div>
    </div>
  );
}

function EditWebhook({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateWebhook();
  return (
    <WebhookForm
      initial={{ url: webhook.url, events: webhook.events, active: webhook.active }}
      submitLabel={t("webhooks.save")}
      pending={update.isPending}
      error={update.error}
      onSubmit={(values) => update.mutate({ id: webhook.id, ...values }, { onSuccess: onDone })}
      onCancel={onDone}
    />
  );
}

function DeleteWebhook({ webhook, onDone }: { webhook: Webhook; onDone: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteWebhook();
  return (
    <ConfirmAction
      confirmLabel={t("webhooks.deleteConfirm")}
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() => remove.mutate(webhook.id, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>{t("webhooks.deleteBody", { url: webhook.url })}</p>
    </ConfirmAction>
  );
}
