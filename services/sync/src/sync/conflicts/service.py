"""The conflict queue (SPEC 4.5 step 6): every version side by side; an admin's choice is applied
through presence at once, with version checking, and audited with the conflict as its source."""

from __future__ import annotations

from collections import defaultdict

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, FieldError, Invalid, NotFound, Problem, ServiceUnavailable
from omni_common.internal import ServiceClient
from omni_common.pagination import Page, cursor_key, page_of
from omni_common.tenancy import select_scoped
from sync.conflicts.models import ConflictVersion, SyncConflict
from sync.conflicts.schemas import ConflictOut, ConflictStatus, Resolve, VersionOut


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


def _versions(session: Session, conflict_ids: list[str]) -> dict[str, list[ConflictVersion]]:
    found = defaultdict(list)
    if conflict_ids:
        for v in session.scalars(
            select(ConflictVersion)
            .where(ConflictVersion.conflict_id.in_(conflict_ids))
            .order_by(ConflictVersion.received_at, ConflictVersion.id)
        ):
            found[v.conflict_id].append(v)
    return found


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
    stmt = select_scoped(SyncConflict, principal)
    if status:
        stmt = stmt.where(SyncConflict.status == status)
    if session_id:
        stmt = stmt.where(SyncConflict.session_id == session_id)
    key = cursor_key(cursor)
    if key:
        stmt = stmt.where(SyncConflict.id > str(key[0]))
    rows = session.scalars(stmt.order_by(SyncConflict.id).limit(limit + 1)).all()
    versions = _versions(session, [c.id for c in rows[:limit]])
    return page_of([_out(c, versions[c.id]) for c in rows], limit, lambda c: [c.id])


def get_conflict(session: Session, principal: Principal, conflict_id: str, *, for_update: bool = False) -> SyncConflict:
    stmt = select_scoped(SyncConflict, principal).where(SyncConflict.id == conflict_id)
    if for_update:
        stmt = stmt.with_for_update()
    conflict = session.scalars(stmt).one_or_none()
    if conflict is None:
        raise NotFound()
    return conflict


def show(session: Session, principal: Principal, conflict_id: str) -> ConflictOut:
    conflict = get_conflict(session, principal, conflict_id)
    return _out(conflict, _versions(session, [conflict.id])[conflict.id])


def resolve(
    session: Session, presence: ServiceClient, audit: AuditWriter, principal: Principal, conflict_id: str, body: Resolve
) -> ConflictOut:
    conflict = get_conflict(session, principal, conflict_id, for_update=True)
    versions = _versions(session, [conflict.id])[conflict.id]
    if conflict.status != ConflictStatus.open:
        raise Conflict(
            "This conflict was resolved already.",
            title="Already resolved",
            conflict=_out(conflict, versions).model_dump(mode="json"),
        )
    if body.choice == "server":
        values, chosen = None, None
    elif body.choice == "client":
        chosen = next((v for v in versions if v.id == body.version_id), None) if body.version_id else versions[-1]
        if chosen is None:
            raise Invalid.field("version_id", "No such version of this conflict.")
        values = {
            "state": chosen.state,
            "note": chosen.note,
            "check_in_at": chosen.check_in_at,
            "check_out_at": chosen.check_out_at,
        }
    else:
        if not body.state:
            raise Invalid.field("state", "A custom resolution needs the state to record.")
        values, chosen = {"state": body.state, "note": body.note}, None
    try:
        answer = presence.request(
            "POST",
            "/internal/records/resolve",
            json={
                "actor": {
                    "organization_id": principal.organization_id,
                    "user_id": principal.user_id,
                    "role": principal.role,
                    "timezone": principal.timezone,
                },
                "session_id": conflict.session_id,
                "participant_id": conflict.participant_id,
                "expected_version": conflict.server_version,
                "conflict_id": conflict.id,
                "values": _jsonable(values),
            },
        )
    except httpx.HTTPError:
        raise ServiceUnavailable("The presence service is unavailable; please try again shortly.") from None
    if answer.status_code == 409:
        # Someone changed the record since: show the admin what it holds now, and let them choose again.
        current = answer.json().get("current")
        conflict.server, conflict.server_version = current, (current or {}).get("version") or 0
        raise Conflict(
            "The record changed since this conflict was shown; look again and choose.",
            title="Record changed",
            commit_changes=True,
            current=current,
        )
    if answer.status_code == 422:
        problem = answer.json()
        raise Invalid(
            [FieldError(e["field"], e["message"], e.get("code", "invalid")) for e in problem.get("errors", [])]
            or [FieldError("state", problem.get("detail", "Invalid."))]
        )
    if answer.status_code != 200:
        raise Problem(f"Presence refused the resolution ({answer.status_code}).", status=502)
    record = answer.json()["record"]
    before = {"status": "open"}
    conflict.status, conflict.open_key, conflict.resolved_at, conflict.resolved_by = (
        "resolved",
        None,
        utcnow(),
        principal.user_id,
    )
    conflict.resolution = {
        "choice": body.choice,
        "version_id": chosen.id if chosen else None,
        "values": _jsonable(values),
        "record": record,
        "by": principal.user_id,
    }
    audit.record(
        session,
        organization_id=principal.organization_id,
        entity="sync_conflict",
        entity_id=conflict.id,
        action="resolve",
        before=before,
        after={"status": "resolved", **conflict.resolution},
        actor_id=principal.user_id,
        source="conflict_resolution",
    )
    return _out(conflict, versions)


def _jsonable(values: dict | None) -> dict | None:
    if values is None:
        return None
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
