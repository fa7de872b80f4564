from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


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
