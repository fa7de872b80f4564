"""Sessions, one by one or as a recurring series expanded in the organization's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule
from sqlalchemy.orm import Session as DbSession

from omni_common.audit import diff
from omni_common.auth.principal import Principal, Role
from omni_common.errors import Forbidden, Invalid, NotFound
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.schemas import patch_changes
from presence.access import as_local, day_bounds
from presence.advance_notices.service import prefill_new_sessions
from presence.context import PresenceContext
from presence.domains.schemas import StateOut
from presence.domains.service import domain_states
from presence.groups import repository as groups
from presence.groups.models import Group
from presence.groups.service import get_group
from presence.records.auto_mark import mark_unmarked
from presence.sessions import repository
from presence.sessions.models import Series, Session
from presence.sessions.schemas import Repeat, SessionCreate, SessionCreated, SessionOut, SessionPatch, Status

WEEKDAYS = {
    "mo": rrule.MO,
    "tu": rrule.TU,
    "we": rrule.WE,
    "th": rrule.TH,
    "fr": rrule.FR,
    "sa": rrule.SA,
    "su": rrule.SU,
}
# What a frontline user may do to a session of theirs: open it and close it.
FRONTLINE_STATUSES = {Status.open, Status.closed}


class ToWrite(NamedTuple):
    """A session to write records in, with its group and every state of the group's domain by code
    (retired ones included: the rulebook tells an unknown state from a retired one)."""

    session: Session
    group: Group
    states: dict[str, StateOut]


def get_session_to_write(db: DbSession, principal: Principal, session_id: str) -> ToWrite:
    """The session and its group in one query, and its domain's states (read only when they changed
    since this process last read them)."""
    found = repository.with_group_and_states_version(db, principal, session_id)
    if found is None:
        raise NotFound()
    session, group, states_version = found
    return ToWrite(session, group, domain_states(db, session.organization_id, group.domain, states_version))


def get_session(db: DbSession, principal: Principal, session_id: str, *, for_update: bool = False) -> Session:
    found = repository.get(db, principal, session_id, for_update=for_update)
    if found is None:
        raise NotFound()
    return found


def list_sessions(
    db: DbSession,
    principal: Principal,
    *,
    group_id: str | None,
    from_: date | None,
    to: date | None,
    status: Status | None,
    cursor: str | None,
    limit: int,
) -> Page[SessionOut]:
    """By start time; ``from`` and ``to`` are calendar days in the organization's timezone."""
    key = cursor_key(cursor, datetime, str)
    after = (key[0], key[1]) if key else None
    rows = repository.page(
        db,
        principal,
        group_id=group_id,
        starts_from=day_bounds(from_, principal.tz)[0] if from_ else None,
        starts_before=day_bounds(to, principal.tz)[1] if to else None,
        status=status,
        after=after,
        limit=limit,
    )
    return page_of([SessionOut.model_validate(s) for s in rows], limit, lambda s: [s.starts_at.isoformat(), s.id])


def snapshot(s: Session) -> dict:
    return SessionOut.model_validate(s).model_dump(mode="json", exclude={"id", "created_at"})


def expand(
    repeat: Repeat, first_start: datetime, duration: timedelta, tz: ZoneInfo, *, max_sessions: int, max_days: int
) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every occurrence: wall-clock times in ``tz``, so 09:00 stays 09:00."""
    local_start = first_start.astimezone(tz).replace(tzinfo=None)
    horizon = local_start + timedelta(days=max_days)
    until = datetime.combine(repeat.until, time.max) if repeat.until else None
    if until is not None and until > horizon:
        raise Invalid.field("repeat.until", f"A series reaches at most {max_days} days ahead.", "out_of_range")
    if repeat.count is not None and repeat.count > max_sessions:
        raise Invalid.field("repeat.count", f"A series has at most {max_sessions} sessions.", "too_many")
    rule = rrule.rrule(
        rrule.DAILY if repeat.freq == "daily" else rrule.WEEKLY,
        dtstart=local_start,
        interval=repeat.interval,
        byweekday=[WEEKDAYS[d] for d in repeat.by_weekday] if repeat.by_weekday else None,
        until=until,
        count=repeat.count,
    )
    occurrences = []
    for naive in rule:
        if naive > horizon or len(occurrences) >= max_sessions:
            raise Invalid.field(
                "repeat", f"A series has at most {max_sessions} sessions within {max_days} days.", "too_many"
            )
        start = naive.replace(tzinfo=tz).astimezone(UTC)
        end = (naive + duration).replace(tzinfo=tz).astimezone(UTC)
        occurrences.append((start, end))
    if not occurrences:
        raise Invalid.field("repeat", "The rule makes no session.", "empty")
    return occurrences


def create_session(db: DbSession, ctx: PresenceContext, principal: Principal, body: SessionCreate) -> SessionCreated:
    try:
        group = get_group(db, principal, body.group_id)
    except NotFound:
        raise Invalid.field("group_id", "No such group.", "not_found") from None
    if group.archived_at is not None:
        raise Invalid.field("group_id", "The group is archived.", "archived")
    tz = principal.tz
    starts_at, ends_at = as_local(body.starts_at, tz), as_local(body.ends_at, tz)
    if ends_at <= starts_at:
        raise Invalid.field("ends_at", "The session must end after it starts.", "before_from")
    common = dict(
        organization_id=principal.organization_id,
        group_id=group.id,
        title=body.title,
        location=body.location,
        mode=body.mode,
        notes=body.notes,
    )
    if body.repeat is None:
        slots, series = [(starts_at.astimezone(UTC), ends_at.astimezone(UTC))], None
    else:
        slots = expand(
            body.repeat,
            starts_at,
            ends_at - starts_at,
            tz,
            max_sessions=ctx.settings.series_max_sessions,
            max_days=ctx.settings.series_max_days,
        )
        local = starts_at.astimezone(tz)
        series = Series(
            organization_id=principal.organization_id,
            group_id=group.id,
            timezone=str(tz),
            repeat=body.repeat.model_dump(mode="json"),
            local_start=local.strftime("%H:%M"),
            duration_minutes=int((ends_at - starts_at).total_seconds() // 60),
        )
        db.add(series)
        db.flush()
    sessions = [
        Session(
            **common,
            series_id=series.id if series else None,
            starts_at=start,
            ends_at=end,
            status=body.status if i == 0 else Status.scheduled,
        )
        for i, (start, end) in enumerate(slots)
    ]
    db.add_all(sessions)
    db.flush()
    # Absences known beforehand for these days fill the new sessions' records too.
    prefill_new_sessions(db, ctx, principal, sessions)
    ctx.audit.record_many(
        db,
        organization_id=principal.organization_id,
        entity="session",
        actor_id=principal.user_id,
        entries=[{"entity_id": s.id, "action": "create", "after": snapshot(s)} for s in sessions],
    )
    return SessionCreated(**SessionOut.model_validate(sessions[0]).model_dump(), occurrences=len(sessions))


def _authorize_change(principal: Principal, changes: dict) -> None:
    if principal.role == Role.admin:
        return
    if set(changes) - {"status", "scope"} or changes.get("status", Status.open) not in FRONTLINE_STATUSES:
        raise Forbidden("You may open and close your sessions; anything else is for administrators.")


def update_session(
    db: DbSession, ctx: PresenceContext, principal: Principal, session_id: str, patch: SessionPatch
) -> SessionOut:
    target = get_session(db, principal, session_id, for_update=True)
    changes = patch_changes(patch, nullable=("location", "notes"))
    _authorize_change(principal, changes)
    scope = changes.pop("scope", "this")
    tz = principal.tz
    new_start = as_local(changes.pop("starts_at", target.starts_at), tz)
    new_end = as_local(changes.pop("ends_at", target.ends_at), tz)
    if new_end <= new_start:
        raise Invalid.field("ends_at", "The session must end after it starts.", "before_from")
    affected = repository.series_from(db, principal, target) if scope == "following" and target.series_id else [target]
    status_before = {o.id: o.status for o in affected}
    old_local, new_local = target.starts_at.astimezone(tz), new_start.astimezone(tz)
    shift_days = (new_local.date() - old_local.date()).days
    duration = new_end - new_start
    entries = []
    for occurrence in affected:
        before = snapshot(occurrence)
        for field, value in changes.items():
            setattr(occurrence, field, value)
        if occurrence is target:
            occurrence.starts_at, occurrence.ends_at = new_start.astimezone(UTC), new_end.astimezone(UTC)
        elif (new_local.time(), duration) != (old_local.time(), target.ends_at - target.starts_at) or shift_days:
            day = occurrence.starts_at.astimezone(tz).date() + timedelta(days=shift_days)
            local = datetime.combine(day, new_local.time())
            occurrence.starts_at = local.replace(tzinfo=tz).astimezone(UTC)
            occurrence.ends_at = (local + duration).replace(tzinfo=tz).astimezone(UTC)
        old, new = diff(before, snapshot(occurrence))
        if new:
            entries.append({"entity_id": occurrence.id, "action": "update", "before": old, "after": new})
    if scope == "following" and target.series_id:
        series = db.get(Series, target.series_id)
        series.local_start, series.duration_minutes = new_local.strftime("%H:%M"), int(duration.total_seconds() // 60)
    ctx.audit.record_many(
        db, organization_id=principal.organization_id, entity="session", actor_id=principal.user_id, entries=entries
    )
    for occurrence in affected:
        if occurrence.status == Status.closed and status_before[occurrence.id] != Status.closed:
            mark_unmarked(
                db,
                ctx,
                occurrence,
                groups.get_any(db, occurrence.organization_id, occurrence.group_id),
                principal.user_id,
            )
    return SessionOut.model_validate(target)
