import type { RouteObject } from "react-router";
import { presenceRoutes } from "./presence-routes";
import { reportRoutes } from "./report-routes";

// The screens inside the signed-in frame (AppLayout), each its own lazy chunk. Kept as data of
// its own so that the browser tests walk the same table (no page scrolls sideways on a phone).
export const signedInRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import("./routes/HomeRoute")).HomeRoute }) },
  { path: "profile", lazy: async () => ({ Component: (await import("./routes/ProfileRoute")).ProfileRoute }) },
  { path: "users", lazy: async () => ({ Component: (await import("./routes/UsersRoute")).UsersRoute }) },
  { path: "settings", lazy: async () => ({ Component: (await import("./routes/SettingsRoute")).SettingsRoute }) },
  // Notifications and webhooks (issue 14).
  { path: "notifications", lazy: async () => ({ Component: (await import("./routes/NotificationsRoute")).NotificationsRoute }) },
  {
    path: "notifications/settings",
    lazy: async () => ({ Component: (await import("./routes/NotificationSettingsRoute")).NotificationSettingsRoute }),
  },
  { path: "webhooks", lazy: async () => ({ Component: (await import("./routes/WebhooksRoute")).WebhooksRoute }) },
  {
    path: "webhooks/:webhookId",
    lazy: async () => ({ Component: (await import("./routes/WebhookDeliveriesRoute")).WebhookDeliveriesRoute }),
  },
  ...presenceRoutes,
  {
    path: "admin/sync-conflicts",
    lazy: async () => ({ Component: (await import("./routes/SyncConflictsRoute")).SyncConflictsRoute }),
  },
  ...reportRoutes,
  { path: "*", lazy: async () => ({ Component: (await import("./routes/NotFoundPage")).NotFoundPage }) },
];
