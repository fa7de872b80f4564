import { WebhooksPage } from "@/features/webhooks/components/WebhooksPage";
import { AdminOnly } from "./AdminOnly";

export function WebhooksRoute() {
  return (
    <AdminOnly>
      <WebhooksPage />
    </AdminOnly>
  );
}
