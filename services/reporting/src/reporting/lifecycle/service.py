"""Reporting's part of the data lifecycle (SPEC §6.5): reports go, file and row, once the
organization's ``report_retention_days`` have passed since they finished (the audit entries about
them redacted); organizations' exports expire ``REPORTING_EXPORT_RETENTION_HOURS`` after they were
built; a closed organization's reports, schedules, exports and files all go once its purge is due."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.db.database import Database, after_commit
from omni_common.internal import ServiceClient
from omni_common.lifecycle import repository as common
from omni_common.lifecycle.schemas import OrganizationTerms
from omni_common.lifecycle.service import Exporter, Purger, audit_purge, organization_terms
from reporting.database import AuditLog
from reporting.exports import repository as exports
from reporting.lifecycle import repository
from reporting.lifecycle.schemas import ReportRetention
from reporting.storage import ReportStorage

log = logging.getLogger(__name__)
EXPORT_SKIP_COLUMNS = {"report": ("file_key",), "organization_export": ("file_key",)}


def run(
    database: Database,
    purger: Purger,
    audit: AuditWriter,
    storage: ReportStorage,
    identity: ServiceClient,
    *,
    now: datetime,
    only: str | None,
) -> dict:
    done: dict[str, dict[str, int]] = {}
    for org in organization_terms(identity, now=now, organization_id=only):
        try:
            if org.purge_due:
                done[org.id] = purge_closed(database, purger, audit, storage, org.id)
            elif org.closed_at is None and org.report_retention_days:
                done[org.id] = purge_retention(database, purger, audit, storage, org, now)
        except Exception:  # one organization's trouble must not hold up the others'
            log.exception("an organization's lifecycle purge failed", extra={"organization_id": org.id})
    return {"purged": done, "exports_expired": expire_exports(database, audit, storage, now, only)}


def purge_retention(
    database: Database, purger: Purger, audit: AuditWriter, storage: ReportStorage, org: OrganizationTerms, now
) -> dict[str, int]:
    cutoff = now - timedelta(days=org.report_retention_days or 0)

    def before_delete(session: Session, keys: list[tuple]) -> None:
        ids = [k[0] for k in keys]
        files = repository.file_keys(session, ids)
        common.redact_audit(session, AuditLog, org.id, "report", ids, "retention")
        after_commit(session, lambda: _delete_files(storage, files))

    removed = purger.delete_where("report", repository.completed_before(org.id, cutoff), before_delete)
    counts = {"report": removed} if removed else {}
    if counts:
        audit_purge(
            database,
            audit,
            organization_id=org.id,
            kind="retention",
            counts=counts,
            detail={"before": cutoff.isoformat()},
        )
    return counts


def _delete_files(storage: ReportStorage, keys: list[str]) -> None:
    for key in keys:
        storage.delete(key)


def purge_closed(
    database: Database, purger: Purger, audit: AuditWriter, storage: ReportStorage, organization_id: str
) -> dict[str, int]:
    counts = purger.purge_organization(organization_id)
    files = storage.remove_organization(organization_id)
    if files:
        counts["files"] = files
    if counts:
        audit_purge(database, audit, organization_id=organization_id, kind="closed_organization", counts=counts)
    return counts


def expire_exports(database: Database, audit: AuditWriter, storage: ReportStorage, now: datetime, only) -> int:
    """Exports past their hours lose their file; the export stays, marked expired."""

    def run(session: Session) -> list[str]:
        gone = []
        for export in exports.expiring(session, now, only):
            if export.file_key:
                gone.append(export.file_key)
            export.expired_at, export.file_key = now, None
            audit.record(
                session,
                organization_id=export.organization_id,
                entity="organization_export",
                entity_id=export.id,
                action="expire",
                after={"expired": True},
                source="worker",
            )
        return gone

    gone = database.transaction(run)
    _delete_files(storage, gone)
    return len(gone)


def overview(session: Session, principal: Principal, retention_days: int | None) -> ReportRetention:
    oldest, held = repository.held(session, principal.organization_id)
    due = 0
    if retention_days:
        due = repository.due_count(session, principal.organization_id, utcnow() - timedelta(days=retention_days))
    return ReportRetention(
        retention_days=retention_days, oldest_held_completed_at=oldest, reports_held=held, reports_due=due
    )


def exporter(base, database: Database) -> Exporter:
    return Exporter("reporting", base, database, skip_columns=EXPORT_SKIP_COLUMNS)
