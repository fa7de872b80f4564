from fastapi import APIRouter, Response

from omni_common.auth.dependencies import Manager
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from reporting.context import Ctx
from reporting.schedules import service
from reporting.schedules.schemas import ScheduleIn, ScheduleOut, SchedulePatch

router = APIRouter(prefix="/api/report-schedules", tags=["reports"])


@router.get("", response_model=Page[ScheduleOut], summary="List scheduled reports")
def list_schedules(principal: Manager, db: Db, cursor: str | None = None, limit: int = LimitQuery):
    """The organization's scheduled reports."""
    return db.read(service.list_schedules, principal, cursor=cursor, limit=limit)


@router.post("", response_model=ScheduleOut, status_code=201, summary="Schedule a report")
def create_schedule(body: ScheduleIn, principal: Manager, db: Db, ctx: Ctx):
    """A report built on a schedule (e.g. the weekly register every Monday at 07:00 in the
    organization's timezone, over the 7 days before), delivered to me as a notification."""
    service.check_group(ctx, principal, body)
    return db.transaction(lambda s: ScheduleOut.model_validate(service.create_schedule(s, ctx, principal, body)))


@router.get("/{schedule_id}", response_model=ScheduleOut, summary="A scheduled report")
def get_schedule(schedule_id: str, principal: Manager, db: Db):
    return db.read(lambda s: ScheduleOut.model_validate(service.get_schedule(s, principal, schedule_id)))


@router.patch("/{schedule_id}", response_model=ScheduleOut, summary="Change a scheduled report")
def update_schedule(schedule_id: str, body: SchedulePatch, principal: Manager, db: Db, ctx: Ctx):
    return db.transaction(
        lambda s: ScheduleOut.model_validate(service.update_schedule(s, ctx, principal, schedule_id, body))
    )


@router.delete("/{schedule_id}", status_code=204, summary="Delete a scheduled report")
def delete_schedule(schedule_id: str, principal: Manager, db: Db, ctx: Ctx):
    """Stop and remove a schedule (its reports stay). Deleting it again changes nothing."""
    db.transaction(service.delete_schedule, ctx, principal, schedule_id)
    return Response(status_code=204)
