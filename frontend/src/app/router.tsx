import { createBrowserRouter, type RouteObject } from "react-router";
import { LoadingScreen } from "./LoadingScreen";
import { presenceRoutes } from "./presence-routes";
import { reportRoutes } from "./report-routes";
import { RequireAuth } from "./RequireAuth";
import { RouteError } from "./RouteError";
import { SessionGate } from "./SessionGate";

// Each screen is its own chunk, so the first screen loads only its own code (SPEC §6.1).
export const routes: RouteObject[] = [
  {
    element: <SessionGate />,
    errorElement: <RouteError />,
    hydrateFallbackElement: <LoadingScreen />,
    children: [
      {
        path: "sign-in",
        lazy: async () => ({ Component: (await import("@/features/auth/components/SignInPage")).SignInPage }),
      },
      // Reached from a mailed link or with a code: no session needed.
      {
        path: "invitation",
        lazy: async () => ({ Component: (await import("@/features/account/components/AcceptInvitationPage")).AcceptInvitationPage }),
      },
      {
        path: "forgot-password",
        lazy: async () => ({ Component: (await import("@/features/account/components/ForgotPasswordPage")).ForgotPasswordPage }),
      },
      {
        path: "reset-password",
        lazy: async () => ({ Component: (await import("@/features/account/components/ResetPasswordPage")).ResetPasswordPage }),
      },
      {
        path: "join",
        lazy: async () => ({ Component: (await import("@/features/account/components/CodeSignUpPage")).CodeSignUpPage }),
      },
      // The kiosk at a door: the device holds a kiosk's key, never anyone's login (SPEC §4.4).
      {
        path: "kiosk",
        lazy: async () => ({ Component: (await import("@/features/kiosk/components/KioskPage")).KioskPage }),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: async () => ({ Component: (await import("./AppLayout")).AppLayout }),
            children: [
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
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
