import { createBrowserRouter, type RouteObject } from "react-router";
import { LoadingScreen } from "./LoadingScreen";
import { publicRoutes } from "./public-routes";
import { signedInRoutes } from "./signed-in-routes";
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
      ...publicRoutes,
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: async () => ({ Component: (await import("./AppLayout")).AppLayout }),
            children: signedInRoutes,
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
