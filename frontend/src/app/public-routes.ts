import type { RouteObject } from "react-router";

// The screens reached without being signed in, each its own lazy chunk (data of its own, like
// signed-in-routes.ts, for the browser tests to walk).
export const publicRoutes: RouteObject[] = [
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
    path: "confirm-email",
    lazy: async () => ({ Component: (await import("@/features/account/components/ConfirmEmailPage")).ConfirmEmailPage }),
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
];
