"""Scheduled reports (SPEC §5): set up by managers and administrators, run by beat at a local
wall-clock time in the organization's timezone, delivered as notifications."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from omni_common.audit import diff
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.errors import Invalid, NotFound
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import patch_changes
from reporting.context import ReportingContext
from reporting.reports import repository as report_repository
from reporting.reports import service as report_service
from reporting.reports.models import Report
from reporting.schedules import repository
from reporting.schedules.models import ReportSchedule
from reporting.schedules.schemas import ScheduleIn, ScheduleOut, SchedulePatch

log = logging.getLogger(__name__)
WEEKDAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"]


def next_run(frequency: str, weekday: str | None, time_of_day: str, tz: ZoneInfo, after: datetime) -> datetime:
    """The first local wall-clock time matching the schedule after ``after`` (07:00 stays 07:00
    across daylight-saving changes)."""
    hour, minute = (int(x) for x in time_of_day.split(":"))
    day = after.astimezone(tz).date()
    for _ in range(9):
        at = datetime.combine(day, time(hour, minute), tz)
        if at.astimezone(UTC) > after and (frequency == "daily" or WEEKDAYS[day.weekday()] == weekday):
            return at.astimezone(UTC)
        day += timedelta(days=1)
    raise AssertionError("a schedule always runs within a week")


def _snapshot(s: ReportSchedule) -> dict:
    return ScheduleOut.model_validate(s).model_dump(mode="json", exclude={"next_run_at", "last_run_at", "created_at"})


def check_group(ctx: ReportingContext, principal: Principal, body: ScheduleIn) -> None:
    scope = ctx.presence.scope(
        principal.organization_id, user_id=principal.user_id, role=principal.role.value, group_id=body.params.group_id
    )
    if scope.get("group") is None:
        raise Invalid.field("params.group_id", "No such group.", "not_found")


def get_schedule(
    session: Session, principal: Principal, schedule_id: str, *, for_update: bool = False
) -> ReportSchedule:
    schedule = repository.get(session, principal, schedule_id, for_update=for_update)
    if schedule.deleted_at is not None:
        raise NotFound()
    return schedule


def list_schedules(session: Session, principal: Principal, *, cursor: str | None, limit: int) -> Page[ScheduleOut]:
    key = cursor_key(cursor, str)
    rows = repository.list_live(session, principal, after_id=key[0] if key else None, limit=limit)
    return page_of([ScheduleOut.model_validate(r) for r in rows], limit, lambda r: [r.id])


def create_schedule(session: Session, ctx: ReportingContext, principal: Principal, body: ScheduleIn) -> ReportSchedule:
    schedule = ReportSchedule(
        organization_id=principal.organization_id,
        created_by=principal.user_id,
        name=body.name,
        type=body.type.value,
        format=body.format.value,
        params=body.params.model_dump(mode="json", exclude_none=True),
        frequency=body.frequency.value,
        weekday=body.weekday.value if body.weekday else None,
        time_of_day=body.time_of_day,
        lookback_days=body.lookback_days,
        is_active=body.is_active,
        next_run_at=next_run(
            body.frequency.value, body.weekday.value if body.weekday else None, body.time_of_day, principal.tz, utcnow()
        ),
    )
    repository.add(session, schedule)
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="report_schedule",
        entity_id=schedule.id,
        action="create",
        after=_snapshot(schedule),
        actor_id=principal.user_id,
    )
    return schedule


def update_schedule(
    session: Session, ctx: ReportingContext, principal: Principal, schedule_id: str, patch: SchedulePatch
) -> ReportSchedule:
    schedule = get_schedule(session, principal, schedule_id, for_update=True)
    before = _snapshot(schedule)
    for field, value in patch_changes(patch, nullable=("weekday",)).items():
        setattr(schedule, field, value.value if hasattr(value, "value") else value)
    if schedule.frequency == "weekly" and schedule.weekday is None:
        raise Invalid.field("weekday", "A weekly schedule needs its weekday.", "required")
    schedule.next_run_at = next_run(schedule.frequency, schedule.weekday, schedule.time_of_day, principal.tz, utcnow())
    old, new = diff(before, _snapshot(schedule))
    if new:
        ctx.audit.record(
            session,
            organization_id=principal.organization_id,
            entity="report_schedule",
            entity_id=schedule.id,
            action="update",
            before=old,
            after=new,
            actor_id=principal.user_id,
        )
    return schedule


def delete_schedule(session: Session, ctx: ReportingContext, principal: Principal, schedule_id: str) -> None:
    schedule = repository.get(session, principal, schedule_id, for_update=True)
    if schedule.deleted_at is not None:
        return  # deleted already: DELETE is idempotent
    ctx.audit.record(
        session,
        organization_id=principal.organization_id,
        entity="report_schedule",
        entity_id=schedule.id,
        action="delete",
        before=_snapshot(schedule),
        actor_id=principal.user_id,
    )
    schedule.deleted_at = utcnow()
    schedule.is_active = False


def run_due(database: Database, ctx: ReportingContext, now: datetime | None = None) -> int:
    """Make this run's report of every due schedule (once: a report per schedule and run time)
    and move each schedule on to its next run."""
    now = now or utcnow()
    due = database.read(repository.due, now)
    zones: dict[str, ZoneInfo] = {}
    for _, organization_id in due:
        if organization_id not in zones:
            try:
                zones[organization_id] = ZoneInfo(ctx.identity.organization(organization_id).get("timezone") or "UTC")
            except Exception:
                log.warning("no timezone for a schedule's organization; trying later", exc_info=True)
    made = 0
    for schedule_id, organization_id in due:
        tz = zones.get(organization_id)
        if tz is not None:
            made += database.transaction(_run_one, ctx, schedule_id, tz, now)
    return made


def _run_one(session: Session, ctx: ReportingContext, schedule_id: str, tz: ZoneInfo, now: datetime) -> int:
    schedule = repository.claim(session, schedule_id)
    if schedule is None or not schedule.is_active or schedule.deleted_at or schedule.next_run_at > now:
        return 0
    run_at = schedule.next_run_at
    made = 0
    if not report_repository.scheduled_run_made(session, schedule.id, run_at):
        _queue_run(session, ctx, schedule, run_at, tz)
        made = 1
    schedule.last_run_at = now
    schedule.next_run_at = next_run(schedule.frequency, schedule.weekday, schedule.time_of_day, tz, max(now, run_at))
    return made


def _queue_run(
    session: Session, ctx: ReportingContext, schedule: ReportSchedule, run_at: datetime, tz: ZoneInfo
) -> None:
    """This run's report, over the schedule's days before the run's (local) day."""
    last = run_at.astimezone(tz).date() - timedelta(days=1)
    first = last - timedelta(days=schedule.lookback_days - 1)
    report = Report(
        organization_id=schedule.organization_id,
        requested_by=schedule.created_by,
        type=schedule.type,
        format=schedule.format,
        params={**schedule.params, "from": first.isoformat(), "to": last.isoformat()},
        status="queued",
        progress=0,
        schedule_id=schedule.id,
        scheduled_for=run_at,
    )
    after = {"type": report.type, "format": report.format, "params": report.params, "schedule_id": schedule.id}
    report_service.queue_build(session, ctx, report, after=after, source="schedule")
