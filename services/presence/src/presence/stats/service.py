"""Attendance statistics (SPEC §8 `GET /api/stats/attendance`): the rate by the states' weights and
the counts per category, per day, week or month of the organization's calendar.

Periods are the organization's local days, computed here rather than by the database (whose
time-zone functions are not available everywhere): the query counts marks per session and state,
and each session falls into the period of its local start."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Forbidden, Invalid, NotFound
from presence.access import day_bounds
from presence.domains import repository as domains
from presence.events.counts import counts_for
from presence.groups import repository as groups
from presence.lifecycle import repository as lifecycle
from presence.participants import repository as participants
from presence.sessions import repository as sessions
from presence.sessions.schemas import SessionOut
from presence.stats import repository
from presence.stats.schemas import AttendanceOut, CategoryCounts, Interval, Period, TodayOut, TodaySession

MAX_DAYS = 400
DEFAULT_DAYS = 30


def period_of(day: date, interval: Interval) -> date:
    """The first local day of the period ``day`` falls in (weeks start on Monday)."""
    if interval == Interval.week:
        return day - timedelta(days=day.weekday())
    if interval == Interval.month:
        return day.replace(day=1)
    return day


def rate(weighted: Decimal, counted: int) -> float | None:
    return None if not counted else round(float(weighted) * 100 / counted, 1)


def _scope(db: DbSession, principal: Principal, group_id: str | None, participant_id: str | None) -> str | None:
    """The participant the figures are about (None: everyone the caller may see); a group or a
    participant the caller may not see is a 404, as if it did not exist."""
    if group_id and groups.get(db, principal, group_id) is None:
        raise NotFound("No such group.")
    if principal.role == Role.external:
        if principal.participant_id is None:
            raise Forbidden("Your login is not linked to a participant.")
        if participant_id not in (None, principal.participant_id):
            raise NotFound("No such participant.")
        return principal.participant_id
    if participant_id and participants.get_visible(db, principal, participant_id) is None:
        raise NotFound("No such participant.")
    return participant_id


def _days(principal: Principal, from_: date | None, to: date | None) -> tuple[date, date]:
    today = utcnow().astimezone(principal.tz).date()
    to = to or (today if from_ is None else min(today, from_ + timedelta(days=DEFAULT_DAYS - 1)))
    from_ = from_ or to - timedelta(days=DEFAULT_DAYS - 1)
    if to < from_:
        raise Invalid.field("to", "The last day is before the first.", "before_from")
    if (to - from_).days >= MAX_DAYS:
        raise Invalid.field("to", f"A period is at most {MAX_DAYS} days.", "too_long")
    return from_, to


def attendance(
    db: DbSession,
    principal: Principal,
    *,
    group_id: str | None,
    participant_id: str | None,
    from_: date | None,
    to: date | None,
    interval: Interval,
) -> AttendanceOut:
    who = _scope(db, principal, group_id, participant_id)
    first, last = _days(principal, from_, to)
    rows: list = repository.marks_by_session(
        db,
        principal,
        starts_from=day_bounds(first, principal.tz)[0],
        starts_before=day_bounds(last, principal.tz)[1],
        group_id=group_id,
        participant_id=who,
    )
    if who is None:
        # Sessions whose records retention purged count by their tallies (never per person: a
        # participant's own figures end where their records were purged).
        rows += _tallied(db, principal, first, last, group_id)
    counts: dict[date, CategoryCounts] = defaultdict(CategoryCounts)
    weighted: dict[date, list] = defaultdict(lambda: [Decimal(0), 0])
    for starts_at, category, weight, marks in rows:
        period = period_of(starts_at.astimezone(principal.tz).date(), interval)
        setattr(counts[period], category, getattr(counts[period], category) + marks)
        if weight is not None:
            weighted[period][0] += Decimal(weight) * marks
            weighted[period][1] += marks
    return AttendanceOut(items=[Period(period=p, rate=rate(*weighted[p]), counts=counts[p]) for p in sorted(counts)])


def _tallied(db: DbSession, principal: Principal, first: date, last: date, group_id: str | None) -> list:
    """Rows (starts_at, category, weight, marks) like the records', from purged sessions' tallies."""
    found = lifecycle.tallies_between(
        db,
        principal,
        starts_from=day_bounds(first, principal.tz)[0],
        starts_before=day_bounds(last, principal.tz)[1],
        group_id=group_id,
    )
    if not found:
        return []
    states = domains.state_weights(db, principal.organization_id)
    rows = []
    for starts_at, domain, tallied in found:
        for code, marks in (tallied or {}).items():
            if (domain, code) in states:
                category, weight = states[(domain, code)]
                rows.append((starts_at, category, weight, marks))
    return rows


def today(db: DbSession, principal: Principal) -> TodayOut:
    """Today's sessions the caller may see (the organization's calendar day), by start, each with
    its counts as its roster has them."""
    start, end = day_bounds(utcnow().astimezone(principal.tz).date(), principal.tz)
    found = sessions.with_groups_between(db, principal, start, end)
    counts = counts_for(db, [s.id for s, _ in found])
    return TodayOut(
        items=[
            TodaySession(
                session=SessionOut.model_validate(s), group_name=g.name, domain=g.domain, **counts[s.id].model_dump()
            )
            for s, g in found
        ]
    )
