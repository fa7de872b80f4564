import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ActionButton } from "@/components/ActionButton";
import { Alert } from "@/components/Alert";
import { ErrorAlert } from "@/components/ErrorAlert";
import { usePageTitle } from "@/components/page-title";
import { QueryStatus } from "@/components/QueryStatus";
import { formatDateTime } from "@/lib/intl";
import { ApiError } from "@/lib/problem";
import { useDeliveries, useRedeliver, useSendTest, type Delivery } from "@/features/webhooks/api/deliveries";
import { eventLabel, useWebhook } from "@/features/webhooks/api/webhooks";
import "@/features/webhooks/webhooks.css";

const STATUS_KEYS = {
  pending: "webhooks.deliveryStatus.pending",
  delivered: "webhooks.deliveryStatus.delivered",
  failed: "webhooks.deliveryStatus.failed",
} as const;

/** One webhook's delivery log, newest first: status, attempts, the answer, the next try; send again. */
export function WebhookDeliveriesPage({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  usePageTitle(t("webhooks.deliveries"));
  const webhook = useWebhook(webhookId);
  const deliveries = useDeliveries(webhookId);
  const test = useSendTest(webhookId);
  const redeliver = useRedeliver(webhookId);
  const missing = webhook.error instanceof ApiError && webhook.error.status === 404;
  const items = deliveries.data?.items ?? [];

  return (
    <section className="page">
      <p>
        <Link to="/webhooks">{t("webhooks.back")}</Link>
      </p>
      <div className="page-header">
        <h1>{t("webhooks.deliveries")}</h1>
        {webhook.data ? (
          <div className="table__actions">
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
          </div>
        ) : null}
      </div>
      {missing ? <p>{t("webhooks.notFound")}</p> : null}
      {webhook.data ? <p className="webhook__url-line">{t("webhooks.deliveriesFor", { url: webhook.data.url })}</p> : null}
      {missing ? null : <QueryStatus isPending={webhook.isPending} error={webhook.error} onRetry={() => void webhook.refetch()} />}
      <ErrorAlert error={test.error ?? redeliver.error} />
      {test.isSuccess && webhook.data ? <Alert tone="notice">{t("webhooks.testSent", { url: webhook.data.url })}</Alert> : null}
      {redeliver.isSuccess ? <Alert tone="notice">{t("webhooks.redelivered")}</Alert> : null}
      {missing ? null : <QueryStatus isPending={deliveries.isPending} error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.data && items.length === 0 ? <p>{t("webhooks.deliveriesEmpty")}</p> : null}
      {items.length > 0 ? (
        <ul className="delivery-list" aria-label={t("webhooks.deliveriesCaption")}>
          {items.map((delivery) => (
            <DeliveryCard
              key={delivery.id}
              delivery={delivery}
              pending={redeliver.isPending && redeliver.variables === delivery.id}
              onRedeliver={() => redeliver.mutate(delivery.id)}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DeliveryCard({ delivery, pending, onRedeliver }: { delivery: Delivery; pending: boolean; onRedeliver: () => void }) {
  const { t } = useTranslation();
  const event = eventLabel(t, delivery.event);
  const status = delivery.status in STATUS_KEYS ? t(STATUS_KEYS[delivery.status as keyof typeof STATUS_KEYS]) : delivery.status;
  const created = formatDateTime(new Date(delivery.created_at));
  return (
    <li className="delivery" aria-label={`${event}, ${created}`}>
      <h2>{event}</h2>
      <dl>
        <dt>{t("webhooks.deliveryColumns.status")}</dt>
        <dd>
          <strong>{status}</strong>
        </dd>
        <dt>{t("webhooks.deliveryColumns.attempts")}</dt>
        <dd>{delivery.attempts}</dd>
        <dt>{t("webhooks.deliveryColumns.response")}</dt>
        <dd>
          {delivery.response_status === null ? t("webhooks.noResponse") : t("webhooks.response", { status: delivery.response_status })}
          {delivery.last_error ? <span className="muted"> — {delivery.last_error}</span> : null}
        </dd>
        <dt>{t("webhooks.deliveryColumns.next")}</dt>
        <dd>{delivery.next_attempt_at ? formatDateTime(new Date(delivery.next_attempt_at)) : t("webhooks.noNextAttempt")}</dd>
        <dt>{t("webhooks.deliveryColumns.created")}</dt>
        <dd>
          <time dateTime={delivery.created_at}>{created}</time>
        </dd>
      </dl>
      {delivery.status === "pending" ? null : (
        <div className="table__actions">
          <ActionButton
            type="button"
            className="button button--secondary"
            pending={pending}
            onClick={() => {
              if (!pending) onRedeliver();
            }}
          >
            {t("webhooks.redeliver")}
            <span className="visually-hidden">
              : {event}, {created}
            </span>
          </ActionButton>
        </div>
      )}
    </li>
  );
}
