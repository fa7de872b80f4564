from fastapi import APIRouter, Query

from omni_common.auth.dependencies import AnyUser
from omni_common.kit import Db
from omni_common.schemas import Day
from presence.stats import service
from presence.stats.schemas import AttendanceOut, Interval, TodayOut

router = APIRouter(prefix="/api/stats", tags=["statistics"])


@router.get("/attendance", response_model=AttendanceOut, summary="Attendance rate over time")
def attendance(
    *,
    group_id: str | None = Query(None, max_length=36),
    participant_id: str | None = Query(None, max_length=36),
    from_: Day | None = Query(None, alias="from", description="First day, in the organization's timezone."),
    to: Day | None = Query(None, description="Last day (default: today); at most 400 days after `from`."),
    interval: Interval = Interval.day,
    principal: AnyUser,
    db: Db,
):
    """The attendance rate (0-100, by the states' weights; null when nothing weighted was marked) and
    the counts per category, per day, week (from Monday) or month; periods with no session are left
    out, cancelled sessions not counted. Administrators and managers see everyone, frontline users
    their groups, a participant themselves; a group or participant the caller may not see → 404."""
    return db.read(
        service.attendance,
        principal,
        group_id=group_id,
        participant_id=participant_id,
        from_=from_,
        to=to,
        interval=interval,
    )


@router.get("/today", response_model=TodayOut, summary="Today's sessions and headcounts")
def today(principal: AnyUser, db: Db):
    """Today's sessions the caller may see (a day of the organization's calendar), each with its
    counts per state and unmarked, how many are marked of how many expected, and for check-in
    sessions who checked in, is in now and left."""
    return db.read(service.today, principal)
