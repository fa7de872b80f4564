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

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.db.database import Database
from presence.exports import repository
from presence.exports.schemas import DomainBrief, GroupBrief, ScopeIn, ScopeOut, SessionBrief, StateBrief
from presence.records.schemas import RecordOut
from presence.records.service import roster
from presence.sessions import repository as sessions
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
        known_timezone="UTC",
        authz_version=0,
    )


def scope(db: DbSession, body: ScopeIn) -> ScopeOut:
    answer = _scope(db, body)
    if body.participant_ids:
        answer.participant_ids = repository.participants_among(db, body.organization_id, body.participant_ids)
    return answer


def _scope(db: DbSession, body: ScopeIn) -> ScopeOut:
    principal = _principal(body.organization_id, body.user_id, body.role)
    session = sessions.get(db, principal, body.session_id) if body.session_id else None
    group_id = body.group_id or (session.group_id if session else None)
    group = repository.group(db, body.organization_id, group_id) if group_id else None
    if group is not None and principal.role not in (Role.admin, Role.manager) and session is None:
        group = None  # only managers and administrators report on whole groups
    if group is None:
        return ScopeOut(
            group=None, session=SessionBrief.model_validate(session) if session else None, domain=None, states=[]
        )
    domain = repository.domain(db, body.organization_id, group.domain)
    states = repository.states(db, body.organization_id, group.domain)
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
    query = repository.Register(organization_id, group_id, starts_from, starts_before)
    found = database.read(query.sessions)
    yield _line({"kind": "sessions", "items": [SessionBrief.model_validate(s).model_dump(mode="json") for s in found]})
    if not found:
        yield _line({"kind": "meta", "participants": 0, "name_width": 0})
        yield _line({"kind": "end", "rows": 0})
        return
    query.of((found[0].starts_at, max(s.ends_at for s in found)), participant_ids)
    count, width = database.read(query.size)
    yield _line({"kind": "meta", "participants": count, "name_width": width or 0})
    after, rows = None, 0
    while True:
        people = database.read(_register_page, query, after)
        for person, memberships, marks in people:
            yield _line(_register_row(found, person, memberships, marks))
            rows += 1
        if len(people) < PAGE:
            break
        after = (people[-1][0].name, people[-1][0].id)
    yield _line({"kind": "end", "rows": rows})


def _register_page(db: DbSession, query: repository.Register, after: tuple[str, str] | None) -> list[tuple]:
    """The next page of people, each with their memberships in the period and their marks."""
    people = query.people(db, after, PAGE)
    ids = [p.id for p in people]
    if not ids:
        return []
    spans: dict[str, list] = {}
    for m in query.memberships(db, ids):
        spans.setdefault(m.participant_id, []).append(m)
    marks = query.marks(db, ids)
    # Notes are rare: read only those of the participants the marks say have one.
    for n in query.notes(db, {pid for pid, pairs in marks.items() if any(len(pair) == 3 for pair in pairs)}):
        marks.setdefault(n.participant_id, []).append((n.session_id, None, n.note))
    return [(p, spans.get(p.id, []), marks.get(p.id, [])) for p in people]


def _register_row(found: list[Session], person, memberships: list, marks: list) -> dict[str, Any]:
    index = {s.id: i for i, s in enumerate(found)}
    cells: list[str | None] = [None] * len(found)
    for i, s in enumerate(found):
        if any(m.starts_at < s.ends_at and (m.ends_at is None or m.ends_at > s.starts_at) for m in memberships):
            cells[i] = ""
    notes = {}
    for mark in marks:
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
    return line


def roll(database: Database, *, organization_id: str, session_id: str) -> Iterator[bytes] | None:
    """A session's roll: everyone on its roster by name, each with their record (or null). None
    when the organization has no such session."""
    principal = _principal(organization_id, None, Role.admin)

    def load(db: DbSession):
        found = repository.session(db, organization_id, session_id)
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
