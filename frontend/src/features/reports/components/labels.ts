// Spelled out so the catalogue check sees each key.
export const TYPE_KEYS = {
  attendance_register: "reports.type.attendanceRegister",
  participant_summary: "reports.type.participantSummary",
  session_roll: "reports.type.sessionRoll",
  absence_exceptions: "reports.type.absenceExceptions",
  sign_in_sheet: "reports.type.signInSheet",
} as const;

export const FORMAT_KEYS = {
  pdf: "reports.format.pdf",
  xlsx: "reports.format.xlsx",
  csv: "reports.format.csv",
} as const;

export const STATUS_KEYS = {
  queued: "reports.status.queued",
  running: "reports.status.running",
  completed: "reports.status.completed",
  failed: "reports.status.failed",
} as const;
