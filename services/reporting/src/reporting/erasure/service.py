"""Reporting's part of a participant's erasure and export (SPEC §6.5, §8).

Erasure, asked by presence's worker with ids only: every file that may name the participant is
deleted and its report or export marked expired — reports limited to them, reports of a group they
ever belonged to or were recorded in (a register, a summary, exceptions; a session's roll or
sign-in sheet of such a group's session), reports of no group (the whole organization), and every
export of the organization (each holds everyone). Asked for again, a report is built from what
presence holds now, erased. While such a report or export is being built the answer is 409 and
presence asks again later: a build that read the participant before the erasure must not leave its
file behind. Idempotent: once done (its audit entry written), asking again changes nothing. A
report's file name is made of its kind, its group or session and its period, never of a
participant's values, and is kept."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.audit import AuditEntry
from omni_common.db.base import utcnow
from omni_common.errors import Conflict
from omni_common.redaction import ErasureRequest, audit_about, erased_before
from reporting.context import ReportingContext
from reporting.database import AuditLog
from reporting.erasure import repository
from reporting.reports.models import Report
from reporting.reports.schemas import ReportOut


def report_sessions(session: Session, organization_id: str) -> set[str]:
    """The sessions that reports with a file (and no group named) are about."""
    return {
        sid
        for r in repository.with_files(session, organization_id)
        if not (r.params or {}).get("group_id") and (sid := (r.params or {}).get("session_id"))
    }


def session_groups(ctx: ReportingContext, organization_id: str, session_ids: set[str]) -> dict[str, str | None]:
    """The group of each of these sessions (presence knows; None if it does not have the session)."""
    groups = {}
    for session_id in sorted(session_ids):
        found = ctx.presence.scope(organization_id, session_id=session_id).get("session")
        groups[session_id] = found["group_id"] if found else None
    return groups


def may_name(report: Report, participant_id: str, group_ids: set[str], groups_of: dict[str, str | None]) -> bool:
    params = report.params or {}
    if participant_id in (params.get("participant_ids") or []):
        return True
    group_id = params.get("group_id")
    if group_id is None and params.get("session_id"):
        # A session's roll or sign-in sheet: its group's (a session presence does not know: removed).
        group_id = groups_of.get(params["session_id"])
        return group_id is None or group_id in group_ids
    return group_id is None or group_id in group_ids


def erase(session: Session, ctx: ReportingContext, body: ErasureRequest, groups_of: dict[str, str | None]) -> dict:
    organization_id, participant_id = body.organization_id, body.participant_id
    if erased_before(session, AuditLog, organization_id, participant_id):
        return {"erased": True, "reports": 0}
    group_ids = set(body.group_ids)
    naming = [
        r
        for r in repository.with_files(session, organization_id, lock=True)
        if may_name(r, participant_id, group_ids, groups_of)
    ]
    # The organization's exports hold everyone: each of them names the participant.
    exports = repository.exports_with_files(session, organization_id, lock=True)
    if any(r.status == "running" for r in [*naming, *exports]):
        raise Conflict("A report or export that may name the participant is being built; ask again shortly.")
    now = utcnow()
    for job in [*naming, *exports]:
        key, job.file_key = job.file_key, None
        job.expired_at = job.expired_at or now
        # Gone before the commit: a failure after it must not leave the file behind (a failed
        # commit leaves the job pointing at no file, which the retry marks expired).
        ctx.storage.delete(key)
    ctx.audit.record(
        session,
        organization_id=organization_id,
        entity="participant",
        entity_id=participant_id,
        action="erase",
        after={"reports_removed": [r.id for r in naming], "exports_removed": [e.id for e in exports]},
    )
    return {"erased": True, "reports": len(naming), "exports": len(exports)}


def export(session: Session, organization_id: str, participant_id: str) -> dict:
    """The reports limited to the participant, and reporting's audit entries about them."""
    reports = repository.limited_to(session, organization_id, participant_id)
    audit = [
        *audit_about(session, AuditLog, organization_id, "report", [r.id for r in reports]),
        *audit_about(session, AuditLog, organization_id, "participant", [participant_id]),
    ]
    return {
        "reports": [ReportOut.model_validate(r).model_dump(mode="json") for r in reports],
        "audit": [
            AuditEntry.model_validate(e).model_dump(mode="json")
            for e in sorted(audit, key=lambda e: (e.created_at, e.id), reverse=True)
        ],
    }
