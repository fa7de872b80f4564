"""What beat runs: builds (of reports and of organizations' exports) whose worker died are taken
over (or given up), expired files removed, leftovers of dead builds cleaned away, and report
notifications sent."""

from __future__ import annotations

import logging

import httpx
from sqlalchemy.orm import Session

from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.diagnostics import TaskStatus
from omni_common.internal import ServiceClient
from reporting.context import ReportingContext
from reporting.exports import repository as exports
from reporting.exports.service import BUILD_TASK as BUILD_EXPORT_TASK
from reporting.reports import repository
from reporting.reports.service import BUILD_TASK

log = logging.getLogger(__name__)

TITLES = {
    "attendance_register": "Attendance register",
    "participant_summary": "Participant summary",
    "session_roll": "Session roll",
    "absence_exceptions": "Absence and lateness exceptions",
    "sign_in_sheet": "Sign-in sheet",
}


def run_now(ctx: ReportingContext, task_name: str) -> TaskStatus:
    """Enqueue a piece of beat's work through the outbox, as beat does; answers its message."""
    outbox = ctx.outbox
    message_id = outbox.database.transaction(lambda s: outbox.enqueue(s, task_name))
    message = outbox.database.read(repository.outbox_message, outbox.model, message_id)
    return TaskStatus.model_validate(message, from_attributes=True)


def recover_stale(database: Database, ctx: ReportingContext) -> int:
    """A build whose lease ran out: enqueue it again (the claim decides whether to try once more)."""

    def run(session: Session) -> int:
        reports = repository.stale(session, utcnow())
        for report in reports:
            ctx.outbox.enqueue(session, BUILD_TASK, report_id=report.id)
        # Organizations' exports hold their build by the same kind of lease.
        held = exports.stale(session, utcnow())
        for export in held:
            ctx.outbox.enqueue(session, BUILD_EXPORT_TASK, export_id=export.id)
        return len(reports) + len(held)

    return database.transaction(run)


def expire(database: Database, ctx: ReportingContext) -> int:
    """Files past their days are deleted; the report stays, marked expired."""
    now = utcnow()

    def run(session: Session) -> list[tuple[str, str | None]]:
        gone = []
        for report in repository.expiring(session, now):
            gone.append((report.id, report.file_key))
            report.expired_at = now
            report.file_key = None
            ctx.audit.record(
                session,
                organization_id=report.organization_id,
                entity="report",
                entity_id=report.id,
                action="expire",
                after={"expired": True},
                source="worker",
            )
        return gone

    gone = database.transaction(run)
    for _, key in gone:
        if key:
            ctx.storage.delete(key)
    # A build writes for at most its time limit: anything partial and older is a dead build's.
    ctx.storage.remove_partials(ctx.settings.task_time_limit_seconds * 2 + 60)
    return len(gone)


def notify(database: Database, presence: ServiceClient, report_id: str) -> str:
    """Tell whoever asked (SPEC §4.7) through presence's notifications. Raises when presence
    cannot be reached, so the outbox delivers the task again later."""
    report = database.read(repository.by_id, report_id)
    if report is None or report.status not in ("completed", "failed"):
        return "nothing to say"
    what = f"{TITLES.get(report.type, report.type)} ({report.format.upper()})"
    if report.status == "completed":
        kind, title = "report_ready", f"Your report is ready: {what}"
        body = f"{report.file_name} is ready to download." if report.file_name else "Ready to download."
    else:
        kind, title = "report_failed", f"Your report failed: {what}"
        body = report.error or "The report could not be built."
    answer = presence.request(
        "POST",
        "/internal/notifications",
        json={
            "organization_id": report.organization_id,
            "user_ids": [report.requested_by],
            "kind": kind,
            "title": title,
            "body": body,
            "data": {
                "report_id": report.id,
                "type": report.type,
                "format": report.format,
                "status": report.status,
                "schedule_id": report.schedule_id,
            },
        },
    )
    if answer.status_code in (404, 405):
        log.warning("presence takes no notifications; the report's status says it all", extra={"report_id": report_id})
        return "no notifications"
    try:
        answer.raise_for_status()
    except httpx.HTTPStatusError:
        raise RuntimeError(f"presence refused the notification ({answer.status_code})") from None
    return "sent"
