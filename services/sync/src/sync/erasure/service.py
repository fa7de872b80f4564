"""Sync's part of a participant's erasure and export (SPEC §6.5, §8).

Erasure, asked by presence's worker with ids only, in one transaction on the purge user's database:
the notes of the participant's offline changes as their devices sent them, of their conflicts'
device versions, of the server values and resolutions those conflicts keep, and of the audit
entries about them. States, times and outcomes stay (an outcome's reason is sync's own sentence,
never a personal value). Idempotent: once done (its audit entry written), asking again changes nothing.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from omni_common.audit import AuditEntry
from omni_common.db.provision import lift_append_only
from omni_common.redaction import ErasureRequest, Redactor, audit_about, erased_before, like_patterns, mentioning
from sync.conflicts.schemas import ConflictOut, VersionOut
from sync.context import SyncContext
from sync.database import AuditLog, Base
from sync.erasure import repository


def erase(session: Session, ctx: SyncContext, body: ErasureRequest) -> dict:
    lift_append_only(session, Base.metadata)
    organization_id, participant_id = body.organization_id, body.participant_id
    if erased_before(session, AuditLog, organization_id, participant_id):
        return {"erased": True, "conflicts": 0}
    conflicts = repository.conflicts(session, organization_id, participant_id, lock=True)
    conflict_ids = [c.id for c in conflicts]
    repository.clear_notes(session, organization_id, participant_id, conflict_ids)
    redactor = Redactor(ids={participant_id, *conflict_ids})
    for conflict in conflicts:
        redactor.row(conflict, ("server", "resolution"), about=True)
    for entry in audit_about(session, AuditLog, organization_id, "sync_conflict", conflict_ids):
        redactor.row(entry, ("before", "after"), about=True)
    columns = [AuditLog.before, AuditLog.after]
    for entry in mentioning(session, AuditLog, organization_id, columns, like_patterns([participant_id])):
        redactor.row(entry, ("before", "after"))
    ctx.audit.record(
        session,
        organization_id=organization_id,
        entity="participant",
        entity_id=participant_id,
        action="erase",
        after={"conflicts": len(conflict_ids)},
    )
    return {"erased": True, "conflicts": len(conflict_ids)}


def export(session: Session, organization_id: str, participant_id: str) -> dict:
    """Their offline changes (each with its batch's device and times, and its outcome), their
    conflicts with every version, and sync's audit entries about them."""
    sync_items = [
        {
            "mutation_id": item.mutation_id,
            "batch_id": item.batch_id,
            "device_id": batch.device_id,
            "user_id": batch.user_id,
            "session_id": item.session_id,
            "action": item.action,
            "state": item.state,
            "note": item.note,
            "check_in_at": item.check_in_at,
            "check_out_at": item.check_out_at,
            "client_time": item.client_time,
            "corrected_time": item.corrected_time,
            "clock_skewed": item.clock_skewed,
            "base_version": item.base_version,
            "received_at": batch.received_at,
            "outcome": outcome.outcome if outcome else None,
            "version": outcome.version if outcome else None,
            "conflict_id": outcome.conflict_id if outcome else None,
            "reason": outcome.reason if outcome else None,
        }
        for item, batch, outcome in repository.items(session, organization_id, participant_id)
    ]
    conflicts = repository.conflicts(session, organization_id, participant_id)
    by_conflict = defaultdict(list)
    for version in repository.versions(session, [c.id for c in conflicts]):
        by_conflict[version.conflict_id].append(VersionOut.model_validate(version))
    audit = [
        *audit_about(session, AuditLog, organization_id, "sync_conflict", [c.id for c in conflicts]),
        *audit_about(session, AuditLog, organization_id, "participant", [participant_id]),
    ]
    return {
        "sync_items": sync_items,
        "conflicts": [
            ConflictOut(
                id=c.id,
                status=c.status,
                session_id=c.session_id,
                participant_id=c.participant_id,
                server=c.server,
                versions=by_conflict.get(c.id, []),
                resolution=c.resolution,
                created_at=c.created_at,
                resolved_at=c.resolved_at,
            ).model_dump(mode="json")
            for c in conflicts
        ],
        "audit": [
            AuditEntry.model_validate(e).model_dump(mode="json")
            for e in sorted(audit, key=lambda e: (e.created_at, e.id), reverse=True)
        ],
    }
