"""Reading for reports, on behalf of the reporting worker: a report's scope, a group's register
over a period, a session's roll. Rows are streamed as NDJSON a page at a time (keyset over the
participants' names), so a 500 by 100 register never sits in memory here nor in the worker.

Every query names the organization explicitly: these routes have no user's token, only the
service token, and the organization comes with each call."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, text
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.db.database import Database
from presence.domains.models import Domain, PresenceState
from presence.exports.schemas import DomainBrief, GroupBrief, ScopeIn, ScopeOut, SessionBrief, StateBrief
from presence.groups.models import Group, Membership
from presence.participants.models import Participant
from presence.records.models import PresenceRecord
from presence.records.schemas import RecordOut
from presence.records.service import roster
from presence.sessions import service as sessions
from presence.sessions.models import Session

PAGE = 250


def _principal(organization_id: str, user_id: str | None, role: Role) -> Principal:
    """The caller the report is for, as presence's own visibility rules know callers."""
    return Principal(
        user_id=user_id or "",
        organization_id=organization_id,
        role=role,
        session_id="",
        participant_id=None,
        timezone="UTC",
        authz_version=0,
    )


def scope(db: DbSession, body: ScopeIn) -> ScopeOut:
    principal = _principal(body.organization_id, body.user_id, body.role)
    session = None
    if body.session_id:
        session = db.scalars(sessions.visible(principal).where(Session.id == body.session_id)).one_or_none()
    group_id = body.group_id or (session.group_id if session else None)
    group = None
    if group_id:
        group = db.scalars(
            select(Group).where(Group.organization_id == body.organization_id, Group.id == group_id)
        ).one_or_none()
        if group is not None and principal.role not in (Role.admin, Role.manager) and session is None:
            group = None  # only managers and administrators report on whole groups
    if group is None:
        return ScopeOut(
            group=None, session=SessionBrief.model_validate(session) if session else None, domain=None, states=[]
        )
    domain = db.scalars(
        select(Domain).where(Domain.organization_id == body.organization_id, Domain.code == group.domain)
    ).one_or_none()
    states = db.scalars(
        select(PresenceState)
        .where(PresenceState.organization_id == body.organization_id, PresenceState.domain == group.domain)
        .order_by(PresenceState.sort_order, PresenceState.code)
    ).all()
    return ScopeOut(
        group=GroupBrief.model_validate(group),
        session=SessionBrief.model_validate(session) if session else None,
        domain=DomainBrief(code=domain.code, name=domain.name, terminology=domain.terminology) if domain else None,
        states=[StateBrief.model_validate(s).model_copy(update={"retired": s.retired_at is not None}) for s in states],
    )


def _line(value: dict[str, Any]) -> bytes:
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str) + "\n").encode()


def register(
    database: Database,
    *,
    organization_id: str,
    group_id: str,
    starts_from: datetime,
    starts_before: datetime,
    participant_ids: list[str] | None = None,
) -> Iterator[bytes]:
    """A group's register: its sessions in the period (cancelled ones left out), then one line per
    participant who was a member at any of them or was recorded in one, by name, with a cell per
    session: the state's code, "" for a member not marked, null for someone not a member then.
    The last line says how many rows came, so a cut stream is never taken for a whole one."""

    def load_sessions(db: DbSession) -> list[Session]:
        return list(
            db.scalars(
                select(Session)
                .where(
                    Session.organization_id == organization_id,
                    Session.group_id == group_id,
                    Session.starts_at >= starts_from,
                    Session.starts_at < starts_before,
                    Session.status != "cancelled",
                )
                .order_by(Session.starts_at, Session.id)
            )
        )

    found = database.read(load_sessions)
    index = {s.id: i for i, s in enumerate(found)}
    yield _line({"kind": "sessions", "items": [SessionBrief.model_validate(s).model_dump(mode="json") for s in found]})
    if not found:
        yield _line({"kind": "meta", "participants": 0, "name_width": 0})
        yield _line({"kind": "end", "rows": 0})
        return
    period_start, period_end = found[0].starts_at, max(s.ends_at for s in found)
    in_period = select(Session.id).where(
        Session.organization_id == organization_id,
        Session.group_id == group_id,
        Session.starts_at >= starts_from,
        Session.starts_at < starts_before,
        Session.status != "cancelled",
    )
    who = and_(
        Participant.organization_id == organization_id,
        or_(
            exists().where(
                Membership.group_id == group_id,
                Membership.participant_id == Participant.id,
                Membership.starts_at < period_end,
                or_(Membership.ends_at.is_(None), Membership.ends_at > period_start),
            ),
            exists().where(PresenceRecord.participant_id == Participant.id, PresenceRecord.session_id.in_(in_period)),
        ),
    )
    if participant_ids is not None:
        who = and_(who, Participant.id.in_(participant_ids))

    count, width = database.read(
        lambda db: db.execute(select(func.count(), func.max(func.length(Participant.name))).where(who)).one()
    )
    yield _line({"kind": "meta", "participants": count, "name_width": width or 0})

    def page(db: DbSession, after: tuple[str, str] | None) -> list[tuple[Any, list, list]]:
        stmt = select(Participant.id, Participant.name, Participant.external_ref).where(who)
        if after:
            stmt = stmt.where(
                or_(Participant.name > after[0], and_(Participant.name == after[0], Participant.id > after[1]))
            )
        people = db.execute(stmt.order_by(Participant.name, Participant.id).limit(PAGE)).all()
        ids = [p.id for p in people]
        if not ids:
            return []
        memberships = db.execute(
            select(Membership.participant_id, Membership.starts_at, Membership.ends_at).where(
                Membership.group_id == group_id,
                Membership.participant_id.in_(ids),
                Membership.starts_at < period_end,
                or_(Membership.ends_at.is_(None), Membership.ends_at > period_start),
            )
        ).all()
        # One row per participant with their marks joined into one string: the driver decodes 500
        # rows rather than 50,000, which was most of the time a page took.
        if db.get_bind().dialect.name == "mysql":
            db.execute(text("SET SESSION group_concat_max_len = 16777216"))
        noted = case((PresenceRecord.note.is_(None), ""), (PresenceRecord.note == "", ""), else_="=n")
        marked = db.execute(
            select(
                PresenceRecord.participant_id,
                func.aggregate_strings(PresenceRecord.session_id + "=" + PresenceRecord.state + noted, ","),
            )
            .where(PresenceRecord.participant_id.in_(ids), PresenceRecord.session_id.in_(in_period))
            .group_by(PresenceRecord.participant_id)
        ).all()
        marks: dict[str, list] = {pid: [pair.split("=") for pair in joined.split(",")] for pid, joined in marked}
        with_notes = {pid for pid, pairs in marks.items() if any(len(pair) == 3 for pair in pairs)}
        # Notes are rare: read only those of the participants the marks say have one.
        notes = (
            db.execute(
                select(PresenceRecord.participant_id, PresenceRecord.session_id, PresenceRecord.note).where(
                    PresenceRecord.participant_id.in_(with_notes),
                    PresenceRecord.session_id.in_(in_period),
                    PresenceRecord.note.is_not(None),
                )
            ).all()
            if with_notes
            else []
        )
        spans: dict[str, list] = {}
        for m in memberships:
            spans.setdefault(m.participant_id, []).append(m)
        for n in notes:
            marks.setdefault(n.participant_id, []).append((n.session_id, None, n.note))
        return [(p, spans.get(p.id, []), marks.get(p.id, [])) for p in people]

    after, rows = None, 0
    while True:
        people = database.read(page, after)
        for person, memberships, records in people:
            cells: list[str | None] = [None] * len(found)
            for i, s in enumerate(found):
                if any(m.starts_at < s.ends_at and (m.ends_at is None or m.ends_at > s.starts_at) for m in memberships):
                    cells[i] = ""
            notes = {}
            for mark in records:
                i = index.get(mark[0])
                if i is None:
                    continue
                if mark[1] is not None:
                    cells[i] = mark[1]
                elif mark[2]:
                    notes[str(i)] = mark[2]
            line = {
                "kind": "row",
                "participant": {"id": person.id, "name": person.name, "external_ref": person.external_ref},
                "cells": cells,
            }
            if notes:
                line["notes"] = notes
            yield _line(line)
            rows += 1
        if len(people) < PAGE:
            break
        last = people[-1][0]
        after = (last.name, last.id)
    yield _line({"kind": "end", "rows": rows})


def roll(database: Database, *, organization_id: str, session_id: str) -> Iterator[bytes] | None:
    """A session's roll: everyone on its roster by name, each with their record (or null). None
    when the organization has no such session."""
    principal = _principal(organization_id, None, Role.admin)

    def load(db: DbSession):
        found = db.scalars(
            select(Session).where(Session.organization_id == organization_id, Session.id == session_id)
        ).one_or_none()
        return roster(db, principal, session_id) if found else None

    answer = database.read(load)
    if answer is None:
        return None

    def lines() -> Iterator[bytes]:
        yield _line(
            {"kind": "session", "session": answer.session.model_dump(mode="json"), "group": answer.group.model_dump()}
        )
        for item in answer.items:
            yield _line(
                {
                    "kind": "row",
                    "participant": item.participant.model_dump(),
                    "record": RecordOut.model_validate(item.record).model_dump(mode="json") if item.record else None,
                }
            )
        yield _line({"kind": "end", "rows": len(answer.items)})

    return lines()
