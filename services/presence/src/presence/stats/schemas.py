from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from presence.sessions.schemas import SessionOut


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class CategoryCounts(BaseModel):
    present: int = 0
    late: int = 0
    absent: int = 0
    excused: int = 0
    other: int = 0


class Period(BaseModel):
    # The period's first local day (weeks start on Monday).
    period: date
    # 0-100 by the states' weights; null when nothing weighted was marked.
    rate: float | None = Field(None, ge=0, le=100)
    counts: CategoryCounts


class AttendanceOut(BaseModel):
    items: list[Period]


class TodaySession(BaseModel):
    session: SessionOut
    group_name: str
    domain: str
    counts: dict[str, int]
    marked: int
    expected: int
    # Check-in sessions: who checked in, who is in now, who left.
    checked_in: int = 0
    in_now: int = 0
    checked_out: int = 0


class TodayOut(BaseModel):
    items: list[TodaySession]
