"""The kinds of notification (SPEC §4.7), each with the screen that deals with it and, for the kinds
another system may want to react to, the webhook event it raises."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "below_threshold": "A participant's attendance fell below the organization's threshold",
    "absent_in_a_row": "A participant was absent several sessions in a row",
    "register_not_taken": "A session's register was not taken in time",
    "sync_conflict": "A sync conflict waits for an administrator",
    "report_ready": "A report you asked for is ready",
    "report_failed": "A report you asked for failed",
    "advance_notice_requested": "A participant asked for an absence",
    "advance_notice_decided": "Your request for an absence was decided",
}
# The screen a notification of a kind leads to, when it names no screen of its own (SPA paths).
LINKS: dict[str, str] = {
    "sync_conflict": "/admin/sync-conflicts",
    "report_ready": "/reports",
    "report_failed": "/reports",
    "advance_notice_requested": "/absences",
    "advance_notice_decided": "/my/absences",
}
# Notifications that are also webhook events (SPEC §4.8).
WEBHOOK_EVENTS: dict[str, str] = {"sync_conflict": "conflict.flagged", "report_ready": "report.ready"}
