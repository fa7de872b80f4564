"""The SQL of a participant's erasure and export in reporting: the reports that may name them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from omni_common.redaction import like_any
from omni_common.tenancy import select_in_org
from reporting.exports.models import OrganizationExport
from reporting.reports.models import Report


def with_files(session: Session, organization_id: str, *, lock: bool = False) -> list[Report]:
    """The organization's reports that have a file, or are being built (one will)."""
    stmt = select_in_org(Report, organization_id).where(Report.file_key.is_not(None) | (Report.status == "running"))
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def exports_with_files(session: Session, organization_id: str, *, lock: bool = False) -> list[OrganizationExport]:
    """The organization's exports that have a file, or are being built (one will)."""
    stmt = select_in_org(OrganizationExport, organization_id).where(
        OrganizationExport.file_key.is_not(None) | (OrganizationExport.status == "running")
    )
    return list(session.scalars(stmt.with_for_update() if lock else stmt))


def limited_to(session: Session, organization_id: str, participant_id: str) -> list[Report]:
    """Reports limited to the participant (their id in the report's participant_ids)."""
    stmt = select_in_org(Report, organization_id).where(like_any([Report.params], [f"%{participant_id}%"]))
    reports = session.scalars(stmt.order_by(Report.created_at.desc()))
    return [r for r in reports if participant_id in ((r.params or {}).get("participant_ids") or [])]
