"""The conflict queue (SPEC 4.5 step 6): every version side by side; an admin's choice is applied
through presence at once, with version checking, and audited with the conflict as its source.

Resolving runs no network call inside a transaction (CONVENTIONS 16): the conflict is read and the
choice checked, presence writes the record, then a new short transaction records the resolution
once it has checked the conflict is still open. Two admins resolving at once: presence takes the
first, and the second meets 409 (the record moved on, or the conflict is resolved already).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.errors import Conflict, FieldError, Invalid, NotFound, Problem, ServiceUnavailable
from omni_common.internal import ServiceClient
from omni_common.pagination import Page, cursor_key, page_of
from sync.conflicts import repository
from sync.conflicts.models import ConflictVersion, SyncConflict
from sync.conflicts.schemas import (
    ConflictOut,
    ConflictStatus,
    Resolve,
    ResolvedMany,
    ResolvedOne,
    ResolveMany,
    VersionOut,
)
from sync.context import SyncContext


def _out(conflict: SyncConflict, versions: list[ConflictVersion]) -> ConflictOut:
    return ConflictOut(
        id=conflict.id,
        status=conflict.status,
        session_id=conflict.session_id,
        participant_id=conflict.participant_id,
        server=conflict.server,
        versions=[VersionOut.model_validate(v) for v in versions],
        resolution=conflict.resolution,
        created_at=conflict.created_at,
        resolved_at=conflict.resolved_at,
    )


def list_conflicts(
    session: Session,
    principal: Principal,
    *,
    status: ConflictStatus | None,
    session_id: str | None,
    cursor: str | None,
    limit: int,
) -> Page[ConflictOut]:
    """Oldest first, each with every version."""
    key = cursor_key(cursor, str)
    rows = repository.page(
        session, principal, status=status, session_id=session_id, after_id=key[0] if key else None, limit=limit
    )
    versions = repository.versions_of(session, [c.id for c in rows[:limit]])
    return page_of([_out(c, versions[c.id]) for c in rows], limit, lambda c: [c.id])


def get_conflict(session: Session, principal: Principal, conflict_id: str, *, for_update: bool = False) -> SyncConflict:
    conflict = repository.get(session, principal, conflict_id, for_update=for_update)
    if conflict is None:
        raise NotFound()
    return conflict


def show(session: Session, principal: Principal, conflict_id: str) -> ConflictOut:
    conflict = get_conflict(session, principal, conflict_id)
    return _out(conflict, repository.versions_of(session, [conflict.id])[conflict.id])


# --- resolving ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """An admin's choice for one conflict, checked against the conflict as it was read."""

    conflict_id: str
    session_id: str
    participant_id: str
    expected_version: int
    version_id: str | None
    # The value to record (JSON-ready); None keeps the server's.
    values: dict[str, Any] | None


def resolve(db: Database, ctx: SyncContext, principal: Principal, conflict_id: str, body: Resolve) -> ConflictOut:
    """Read and check, ask presence, record: three steps, no transaction open across the call."""
    choice = db.read(_choose, principal, conflict_id, body)
    answer = _ask_presence(ctx.presence, principal, choice)
    if answer.status_code == 409:
        db.transaction(_record_moved_on, principal, choice, answer.json().get("current"))
    _raise_for_refusal(answer)
    return db.transaction(_record_resolution, ctx.audit, principal, choice, body.choice, answer.json()["record"])


def resolve_many(db: Database, ctx: SyncContext, principal: Principal, body: ResolveMany) -> ResolvedMany:
    """Each conflict on its own (200, or 409 with its problem), once every id is known to name one
    of the organization's conflicts (else 422 naming each other one, as for a single unknown id in
    a body: SPEC §1)."""
    known = db.read(repository.known_ids, principal, list(dict.fromkeys(body.ids)))
    unknown = [
        FieldError(f"ids.{n}", "No such conflict.", "not_found") for n, id_ in enumerate(body.ids) if id_ not in known
    ]
    if unknown:
        raise Invalid(unknown)
    items = []
    for conflict_id in dict.fromkeys(body.ids):
        try:
            resolved = resolve(db, ctx, principal, conflict_id, Resolve(choice=body.choice))
            items.append(ResolvedOne(id=conflict_id, status=200, conflict=resolved))
        except Problem as problem:
            items.append(ResolvedOne(id=conflict_id, status=problem.status, problem=problem.body()))
    return ResolvedMany(items=items)


def _still_open(session: Session, conflict: SyncConflict) -> list[ConflictVersion]:
    versions = repository.versions_of(session, [conflict.id])[conflict.id]
    if conflict.status != ConflictStatus.open:
        raise Conflict(
            "This conflict was resolved already.",
            title="Already resolved",
            conflict=_out(conflict, versions).model_dump(mode="json"),
        )
    return versions


def _choose(session: Session, principal: Principal, conflict_id: str, body: Resolve) -> Choice:
    conflict = get_conflict(session, principal, conflict_id)
    versions = _still_open(session, conflict)
    if body.choice == "server":
        values, chosen = None, None
    elif body.choice == "client":
        chosen = next((v for v in versions if v.id == body.version_id), None) if body.version_id else versions[-1]
        if chosen is None:
            raise Invalid.field("version_id", "No such version of this conflict.", "not_found")
        values = {
            "state": chosen.state,
            "note": chosen.note,
            "check_in_at": chosen.check_in_at,
            "check_out_at": chosen.check_out_at,
        }
    else:
        if not body.state:
            raise Invalid.field("state", "A custom resolution needs the state to record.", "required")
        values, chosen = {"state": body.state, "note": body.note}, None
    return Choice(
        conflict_id=conflict.id,
        session_id=conflict.session_id,
        participant_id=conflict.participant_id,
        expected_version=conflict.server_version,
        version_id=chosen.id if chosen else None,
        values=_jsonable(values),
    )


def _ask_presence(presence: ServiceClient, principal: Principal, choice: Choice) -> httpx.Response:
    try:
        return presence.request(
            "POST",
            "/internal/records/resolve",
            json={
                "actor": {
                    "organization_id": principal.organization_id,
                    "user_id": principal.user_id,
                    "role": principal.role,
                    "timezone": principal.timezone,
                },
                "session_id": choice.session_id,
                "participant_id": choice.participant_id,
                "expected_version": choice.expected_version,
                "conflict_id": choice.conflict_id,
                "values": choice.values,
            },
        )
    except httpx.HTTPError:
        raise ServiceUnavailable("The presence service is unavailable; please try again shortly.") from None


def _record_moved_on(session: Session, principal: Principal, choice: Choice, current: dict | None) -> None:
    """Someone changed the record since: keep what it holds now, so the admin sees it and chooses
    again (unless another admin resolved the conflict meanwhile: that answer instead)."""
    conflict = get_conflict(session, principal, choice.conflict_id, for_update=True)
    _still_open(session, conflict)
    conflict.server, conflict.server_version = current, (current or {}).get("version") or 0
    raise Conflict(
        "The record changed since this conflict was shown; look again and choose.",
        title="Record changed",
        commit_changes=True,
        current=current,
    )


def _raise_for_refusal(answer: httpx.Response) -> None:
    if answer.status_code == 422:
        problem = answer.json()
        raise Invalid(
            [FieldError(e["field"], e["message"], e.get("code", "invalid")) for e in problem.get("errors", [])]
            or [FieldError("state", problem.get("detail", "Invalid."))]
        )
    if answer.status_code != 200:
        raise Problem(f"Presence refused the resolution ({answer.status_code}).", status=502)


def _record_resolution(
    session: Session, audit: AuditWriter, principal: Principal, choice: Choice, kind: str, record: dict | None
) -> ConflictOut:
    conflict = get_conflict(session, principal, choice.conflict_id, for_update=True)
    versions = _still_open(session, conflict)  # a resolution that came first wins
    conflict.status, conflict.open_key, conflict.resolved_at, conflict.resolved_by = (
        "resolved",
        None,
        utcnow(),
        principal.user_id,
    )
    conflict.resolution = {
        "choice": kind,
        "version_id": choice.version_id,
        "values": choice.values,
        "record": record,
        "by": principal.user_id,
    }
    audit.record(
        session,
        organization_id=principal.organization_id,
        entity="sync_conflict",
        entity_id=conflict.id,
        action="resolve",
        before={"status": "open"},
        after={"status": "resolved", **conflict.resolution},
        actor_id=principal.user_id,
        source="conflict_resolution",
    )
    return _out(conflict, versions)


def _jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
