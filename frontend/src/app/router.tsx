import { createBrowserRouter, type RouteObject } from "react-router";
import { LoadingScreen } from "./LoadingScreen";
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
        lazy: async () => ({ Component: (await import("../features/auth/components/SignInPage")).SignInPage }),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: async () => ({ Component: (await import("./AppLayout")).AppLayout }),
            children: [
              { index: true, lazy: async () => ({ Component: (await import("./routes/HomeRoute")).HomeRoute }) },
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
