"""Advance notices (SPEC §3.3): an absence known beforehand — a sick note for next week, leave, a
member's apologies — recorded by staff (approved at once) or requested by the participant (an
administrator approves or rejects it). An approved notice pre-fills the participant's unmarked
records of every session of its days that has not ended, in each of their groups, and of sessions
made later in those days; source `advance_notice`, provisional: a later human or device change
replaces it without a conflict, and it never overwrites a mark."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, Forbidden, Invalid, NotFound
from omni_common.pagination import cursor_key, page_of
from presence.access import day_bounds
from presence.advance_notices import repository
from presence.advance_notices.models import AdvanceNotice
from presence.advance_notices.schemas import NoticeCreate, NoticeOut, NoticePage, NoticeStatus
from presence.context import PresenceContext
from presence.domains.models import PresenceState
from presence.domains.service import states_of
from presence.groups.repository import get_any as get_group
from presence.notifications.service import send
from presence.participants import repository as participants
from presence.records import rules, writer
from presence.sessions.models import Session

STAFF_CATEGORIES = ("excused", "absent")


def _out(notice: AdvanceNotice, name: str | None = None, prefilled: int | None = None) -> NoticeOut:
    return NoticeOut.model_validate(notice).model_copy(update={"participant_name": name, "prefilled": prefilled})


def _snapshot(notice: AdvanceNotice) -> dict:
    return _out(notice).model_dump(mode="json", by_alias=True, exclude={"id", "participant_name", "prefilled"})


def state_for(domain_states: dict[str, PresenceState], code: str, category: str) -> str | None:
    """The notice's state in one group's domain: its own code where the domain has it, else the
    domain's first state of the same category; None when the domain has neither."""
    mine = domain_states.get(code)
    if mine is not None and mine.retired_at is None:
        return code
    same = rules.usable(s for s in domain_states.values() if s.category == category)
    return same[0].code if same else None


def _state(db: DbSession, organization_id: str, memberships: list, code: str) -> PresenceState | None:
    """The state of this code in the first of the participant's groups' domains that has it."""
    domains = {get_group(db, organization_id, m.group_id).domain for m in memberships}
    for (_, state_code), state in sorted(states_of(db, organization_id, domains).items()):
        if state_code == code and state.retired_at is None:
            return state
    return None


def _category(db: DbSession, organization_id: str, memberships: list, code: str) -> str | None:
    state = _state(db, organization_id, memberships, code)
    return state.category if state is not None else None


def _check(db: DbSession, principal: Principal, body: NoticeCreate) -> tuple[str, list]:
    """The notice's category and the participant's memberships, or every bad field named."""
    if principal.role == Role.external:
        if principal.participant_id is None:
            raise Forbidden("Your login is not linked to a participant, so it cannot ask for an absence.")
        if body.participant_id != principal.participant_id:
            raise Invalid.field("participant_id", "You can ask only for yourself.", "not_found")
    if participants.get_visible(db, principal, body.participant_id) is None and principal.role != Role.external:
        raise Invalid.field("participant_id", "No such participant.", "not_found")
    memberships = repository.memberships_of(db, body.participant_id)
    state = _state(db, principal.organization_id, memberships, body.state)
    allowed = ("excused",) if principal.role == Role.external else STAFF_CATEGORIES
    if state is None:
        raise Invalid.field("state", "None of the participant's groups has this state.", "no_such_state")
    # The rulebook's word on who may use the state, as for a mark.
    refused = rules.state_refusal({state.code: state}, state.code, rules.Writer(principal.role))
    if refused:
        raise Invalid.field("state", refused.message, refused.code)
    category = state.category
    if category not in allowed:
        raise Invalid.field(
            "state", f"An advance notice records an absence: a state meaning {' or '.join(allowed)}.", "not_an_absence"
        )
    return category, memberships


def create(db: DbSession, ctx: PresenceContext, principal: Principal, body: NoticeCreate) -> NoticeOut:
    category, memberships = _check(db, principal, body)
    staff = principal.role != Role.external
    now = utcnow()
    notice = AdvanceNotice(
        organization_id=principal.organization_id,
        participant_id=body.participant_id,
        from_date=body.from_,
        to_date=body.to,
        state=body.state,
        note=body.note,
        status=NoticeStatus.approved if staff else NoticeStatus.requested,
        requested_by=principal.user_id,
        decided_by=principal.user_id if staff else None,
        decided_at=now if staff else None,
    )
    db.add(notice)
    db.flush()
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="advance_notice",
        entity_id=notice.id,
        action="create",
        after=_snapshot(notice),
        actor_id=principal.user_id,
    )
    filled = prefill(db, ctx, principal, notice, category, memberships, now) if staff else None
    if not staff:
        admins = {u["id"] for u in ctx.directory.users_with_role(principal.organization_id, "admin")}
        name = participants.get_visible(db, principal, notice.participant_id)
        send(
            db,
            ctx,
            principal.organization_id,
            admins,
            kind="advance_notice_requested",
            title=f"{name.name if name else 'A participant'} asks for an absence",
            body=f"From {notice.from_date:%d %B} to {notice.to_date:%d %B}"
            + (f": {notice.note}" if notice.note else "."),
            data={"notice_id": notice.id},
        )
    return _out(notice, prefilled=filled)


def decide(db: DbSession, ctx: PresenceContext, principal: Principal, notice_id: str, approve: bool) -> NoticeOut:
    """An administrator's decision on a request (only a request: else 409)."""
    notice = repository.get(db, principal, notice_id, for_update=True)
    if notice is None:
        raise NotFound()
    if notice.status != NoticeStatus.requested:
        raise Conflict(f"This notice was {notice.status} already.", title="Decided already", status_now=notice.status)
    now = utcnow()
    notice.status = NoticeStatus.approved if approve else NoticeStatus.rejected
    notice.decided_by, notice.decided_at = principal.user_id, now
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="advance_notice",
        entity_id=notice.id,
        action="approve" if approve else "reject",
        before={"status": "requested"},
        after={"status": notice.status},
        actor_id=principal.user_id,
    )
    send(
        db,
        ctx,
        principal.organization_id,
        {notice.requested_by},
        kind="advance_notice_decided",
        title=f"Your absence from {notice.from_date:%d %B} was {notice.status}",
        body=f"From {notice.from_date:%d %B} to {notice.to_date:%d %B}.",
        data={"notice_id": notice.id, "status": notice.status},
    )
    filled = None
    if approve:
        memberships = repository.memberships_of(db, notice.participant_id)
        category = _category(db, principal.organization_id, memberships, notice.state) or "excused"
        filled = prefill(db, ctx, principal, notice, category, memberships, now)
    return _out(notice, prefilled=filled)


def prefill(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    notice: AdvanceNotice,
    category: str,
    memberships: list,
    now: datetime,
    only: set[str] | None = None,
) -> int:
    """Mark the participant's unmarked records of the notice's sessions (``only``: of these
    sessions); how many were marked."""
    spans = defaultdict(list)
    for m in memberships:
        spans[m.group_id].append(m)
    start, end = day_bounds(notice.from_date, principal.tz)[0], day_bounds(notice.to_date, principal.tz)[1]
    sessions = [
        s
        for s in repository.sessions_to_fill(db, notice.organization_id, set(spans), start, end, now)
        if (only is None or s.id in only) and rules.was_member(spans[s.group_id], s)
    ]
    marked = repository.recorded_sessions(db, notice.participant_id, [s.id for s in sessions])
    groups = {gid: get_group(db, notice.organization_id, gid) for gid in {s.group_id for s in sessions}}
    states = states_of(db, notice.organization_id, {g.domain for g in groups.values()})
    stamp = writer.Stamp(actor_id=notice.decided_by, source="advance_notice")
    writes = []
    for session in sessions:
        domain = groups[session.group_id].domain
        domain_states = {c: s for (d, c), s in states.items() if d == domain}
        code = state_for(domain_states, notice.state, category)
        if session.id in marked or code is None:
            continue
        # The rulebook's word as for any writer (the notice is the system's, not bound by a state's
        # roles): a session closed before it ended keeps its register as it was closed.
        if rules.first(
            rules.session_refusal(session, rules.SYSTEM, ctx.window),
            rules.state_refusal(domain_states, code, rules.SYSTEM),
        ):
            continue
        values = {"state": code, "note": notice.note, "check_in_at": None, "check_out_at": None}
        writes.append(writer.Write(None, session.id, notice.participant_id, values, stamp))
    writer.write(db, ctx, notice.organization_id, writes, now)
    return len(writes)


def prefill_new_sessions(db: DbSession, ctx: PresenceContext, principal: Principal, made: list[Session]) -> int:
    """Sessions just made: pre-fill them from the approved notices whose days they fall on."""
    if not made:
        return 0
    days = [s.starts_at.astimezone(principal.tz).date() for s in made]
    filled, ids = 0, {s.id for s in made}
    for notice in repository.approved_overlapping(db, principal.organization_id, min(days), max(days)):
        memberships = repository.memberships_of(db, notice.participant_id)
        category = _category(db, principal.organization_id, memberships, notice.state) or "excused"
        filled += prefill(db, ctx, principal, notice, category, memberships, utcnow(), only=ids)
    return filled


def list_notices(
    db: DbSession,
    principal: Principal,
    *,
    status: NoticeStatus | None,
    participant_id: str | None,
    cursor: str | None,
    limit: int,
) -> NoticePage:
    key = cursor_key(cursor, str)
    rows = repository.page(
        db, principal, status=status, participant_id=participant_id, before=key[0] if key else None, limit=limit
    )
    page = page_of([_out(n, name) for n, name in rows], limit, lambda n: [n.id])
    return NoticePage(items=page.items, next_cursor=page.next_cursor, pending=repository.pending(db, principal))
