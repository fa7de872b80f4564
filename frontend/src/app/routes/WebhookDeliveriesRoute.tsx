import { useParams } from "react-router";
import { WebhookDeliveriesPage } from "@/features/webhooks/components/WebhookDeliveriesPage";
import { AdminOnly } from "./AdminOnly";

export function WebhookDeliveriesRoute() {
  const { webhookId = "" } = useParams();
  return (
    <AdminOnly>
      <WebhookDeliveriesPage webhookId={webhookId} />
    </AdminOnly>
  );
}
