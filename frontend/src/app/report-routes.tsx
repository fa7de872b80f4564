import type { RouteObject } from "react-router";

// The report screens (issue 6), each its own lazy chunk; the signed-in frame hosts them.
export const reportRoutes: RouteObject[] = [
  { path: "reports", lazy: async () => ({ Component: (await import("./routes/reports/ReportsRoute")).ReportsRoute }) },
  { path: "reports/schedules", lazy: async () => ({ Component: (await import("./routes/reports/SchedulesRoute")).SchedulesRoute }) },
  {
    path: "sessions/:sessionId/sign-in-sheet",
    lazy: async () => ({ Component: (await import("./routes/reports/SignInSheetRoute")).SignInSheetRoute }),
  },
];
