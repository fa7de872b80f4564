"""Self check-in (SPEC §4.4): staff show a rotating code, a participant types or scans it and is
checked in as themselves, once.

The code names no session: it is matched against the organization's open self-check-in sessions
(a handful at any time), so a code of another organization never matches and nothing is stored.
Wrong codes are counted per user and per organization; past the limit, tries are refused for a
while, so no one can walk the code space.
"""

from __future__ import annotations

import segno
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Forbidden, Invalid, TooManyRequests
from omni_common.ratelimit import Lockout
from presence.context import PresenceContext
from presence.domains.service import domain_states
from presence.groups.service import settings_of
from presence.records import checkins, rules, writer
from presence.self_check_in.codes import normalise
from presence.self_check_in.schemas import CheckInCode, SelfCheckedIn, SelfCheckIn, SessionBrief
from presence.sessions import repository as sessions
from presence.sessions.schemas import Mode, Status
from presence.sessions.service import get_session

WRONG_CODE = "That code is not right, or it has expired. Type the code on the screen now."


def open_code(db: DbSession, ctx: PresenceContext, principal: Principal, session_id: str) -> CheckInCode:
    """The code shown now for an open self-check-in session, with its QR."""
    session = get_session(db, principal, session_id)
    if session.mode != Mode.self_check_in:
        raise Conflict("This session is not taken by self check-in.", title="Not a self check-in session")
    if session.status != Status.open:
        raise Conflict("Open the session first: its code works only while it is open.", title="Session not open")
    now = utcnow()
    code, expires_at = ctx.codes.current(session.id, now)
    url = f"{ctx.settings.public_url.rstrip('/')}/check-in?code={code}"
    return CheckInCode(
        session_id=session.id,
        code=code,
        qr_svg=segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000000", light="#ffffff"),
        url=url,
        expires_at=expires_at,
        rotates_every_s=ctx.codes.period,
        grace_s=ctx.codes.grace,
        server_time=now,
    )


def _lockouts(ctx: PresenceContext, principal: Principal) -> list[tuple[Lockout, tuple[str, ...]]]:
    """Wrong codes are counted per user and per organization, each with its own block."""
    s = ctx.settings
    window, block = s.check_in_code_failure_window_seconds, s.check_in_code_block_seconds
    return [
        (Lockout("check-in-code-user", s.check_in_code_failures_per_user, window, block), (principal.user_id,)),
        (
            Lockout("check-in-code-organization", s.check_in_code_failures_per_organization, window, block),
            (principal.organization_id,),
        ),
    ]


def _refuse_if_blocked(ctx: PresenceContext, principal: Principal) -> None:
    left = ctx.limiter.blocked(*_lockouts(ctx, principal))
    if left:
        minutes = max(1, round(left / 60))
        raise TooManyRequests(left, f"Too many wrong codes; try again in about {minutes} minutes.")


def _count_failure(ctx: PresenceContext, principal: Principal) -> None:
    for lockout, subject in _lockouts(ctx, principal):
        ctx.limiter.fail(lockout, *subject)


def check_in(db: DbSession, ctx: PresenceContext, principal: Principal, body: SelfCheckIn) -> tuple[int, SelfCheckedIn]:
    """Check the caller's own participant in with a code: 201 when this made their record (or
    replaced a provisional one), 200 when they were already checked in or marked by staff."""
    if principal.participant_id is None:
        raise Forbidden("Your login is not linked to a participant, so it cannot check in.")
    _refuse_if_blocked(ctx, principal)
    now = utcnow()
    code = normalise(body.code)
    candidates = sessions.open_for_self_check_in(db, principal.organization_id)
    found = next(((s, g) for s, g in candidates if ctx.codes.accepts(s.id, code, now)), None)
    if found is None:
        _count_failure(ctx, principal)
        raise Invalid.field("code", WRONG_CODE, "wrong_code")
    session, group = found
    arrival = checkins.arrival_state(domain_states(db, principal.organization_id, group.domain), session, group, now)

    def decide(current):
        if current is not None and not rules.is_provisional(current.source):
            return None  # already checked in, or marked by staff: left as it is
        return checkins.check_in(current, now, arrival)

    done = checkins.record_arrival(
        db,
        ctx,
        principal.organization_id,
        session,
        group,
        principal.participant_id,
        decide,
        writer.Stamp(actor_id=principal.user_id, source="self_check_in", client_time=now),
        participant_field="code",
    )
    checked_in = done.record.check_in_at
    late = checked_in is not None and rules.is_late(session, settings_of(group).late_after_minutes, checked_in)
    answer = SelfCheckedIn(**done.record.model_dump(), session=SessionBrief.model_validate(session), late=late)
    return (201 if done.changed else 200), answer
