"""Asking for an organization's export, following it, downloading it (SPEC §8)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.errors import Conflict
from omni_common.pagination import Page, cursor_key, page_of
from reporting.context import ReportingContext
from reporting.exports import repository
from reporting.exports.models import OrganizationExport
from reporting.exports.schemas import ExportOut
from reporting.reports.service import Gone

BUILD_TASK = "reporting.build_export"


def request_export(session: Session, ctx: ReportingContext, principal: Principal) -> OrganizationExport:
    export = repository.add(
        session,
        OrganizationExport(
            organization_id=principal.organization_id, requested_by=principal.user_id, status="queued", progress=0
        ),
    )
    ctx.audit.record(
        session,
        organization_id=export.organization_id,
        entity="organization_export",
        entity_id=export.id,
        action="request",
        after={"status": "queued"},
        actor_id=principal.user_id,
    )
    ctx.outbox.enqueue(session, BUILD_TASK, export_id=export.id)
    return export


def get_export(session: Session, principal: Principal, export_id: str) -> ExportOut:
    return ExportOut.of(repository.get(session, principal, export_id))


def list_exports(session: Session, principal: Principal, *, cursor: str | None, limit: int) -> Page[ExportOut]:
    key = cursor_key(cursor, str)
    rows = repository.page(session, principal, after_id=key[0] if key else None, limit=limit)
    return page_of([ExportOut.of(r) for r in rows], limit, lambda e: [e.id])


def downloadable(session: Session, principal: Principal, export_id: str) -> OrganizationExport:
    export = repository.get(session, principal, export_id)
    if export.expired_at is not None:
        raise Gone("This export has expired; ask for a new one.")
    if export.status != "completed" or not export.file_key:
        raise Conflict(f"This export is not ready (it is {export.status}).", status=409)
    return export
