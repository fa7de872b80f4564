import type { RouteObject } from "react-router";

// The presence screens (issue 4), each its own lazy chunk; the signed-in frame hosts them.
export const presenceRoutes: RouteObject[] = [
  { path: "today", lazy: async () => ({ Component: (await import("./routes/presence/TodayRoute")).TodayRoute }) },
  { path: "sessions", lazy: async () => ({ Component: (await import("./routes/presence/SessionsRoute")).SessionsRoute }) },
  { path: "sessions/:sessionId", lazy: async () => ({ Component: (await import("./routes/presence/RosterRoute")).RosterRoute }) },
  {
    path: "sessions/:sessionId/check-in-code",
    lazy: async () => ({ Component: (await import("./routes/presence/CheckInCodeRoute")).CheckInCodeRoute }),
  },
  // Where a self check-in session's QR code leads (`?code=`): a participant checks themselves in.
  { path: "check-in", lazy: async () => ({ Component: (await import("./routes/presence/SelfCheckInRoute")).SelfCheckInRoute }) },
  { path: "groups", lazy: async () => ({ Component: (await import("./routes/presence/GroupsRoute")).GroupsRoute }) },
  { path: "groups/:groupId", lazy: async () => ({ Component: (await import("./routes/presence/GroupRoute")).GroupRoute }) },
  { path: "participants", lazy: async () => ({ Component: (await import("./routes/presence/ParticipantsRoute")).ParticipantsRoute }) },
  { path: "participants/walk-ins", lazy: async () => ({ Component: (await import("./routes/presence/WalkInsRoute")).WalkInsRoute }) },
  { path: "participants/import", lazy: async () => ({ Component: (await import("./routes/presence/ImportRoute")).ImportRoute }) },
  { path: "participants/:participantId", lazy: async () => ({ Component: (await import("./routes/presence/ParticipantRoute")).ParticipantRoute }) },
  { path: "domains", lazy: async () => ({ Component: (await import("./routes/presence/DomainsRoute")).DomainsRoute }) },
  { path: "kiosks", lazy: async () => ({ Component: (await import("./routes/presence/KiosksRoute")).KiosksRoute }) },
  { path: "absences", lazy: async () => ({ Component: (await import("./routes/presence/NoticesRoute")).NoticesRoute }) },
  { path: "my/attendance", lazy: async () => ({ Component: (await import("./routes/presence/MyAttendanceRoute")).MyAttendanceRoute }) },
  { path: "my/sessions", lazy: async () => ({ Component: (await import("./routes/presence/MySessionsRoute")).MySessionsRoute }) },
  { path: "my/absences", lazy: async () => ({ Component: (await import("./routes/presence/MyAbsencesRoute")).MyAbsencesRoute }) },
  { path: "audit", lazy: async () => ({ Component: (await import("./routes/presence/AuditRoute")).AuditRoute }) },
];
