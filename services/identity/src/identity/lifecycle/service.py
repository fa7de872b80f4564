"""Identity's part of the data lifecycle: the terms every service purges by (each organization's
retention, whether it was closed and is due to be purged), and a closed organization's purge here.

What a closed organization's purge leaves in identity is its ``organization`` row with the name
blanked and ``purged_at`` set: a tombstone with no one's data, from which the other services keep
learning that the organization is to be purged (their purge runs apart from this one, and may
finish later)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from identity.config import Settings
from identity.lifecycle import repository
from identity.organizations.models import Organization
from omni_common import orgcache
from omni_common.audit import AuditWriter
from omni_common.db.database import Database
from omni_common.lifecycle.schemas import OrganizationTerms, TermsPage
from omni_common.lifecycle.service import Exporter, Purger, audit_purge
from omni_common.pagination import encode_cursor

log = logging.getLogger(__name__)

# What an organization's export leaves out of identity: secrets (password and token hashes, the
# two-factor secret), and tables that hold nothing but secrets.
EXPORT_SKIP_TABLES = ("recovery_code", "refresh_token")
EXPORT_SKIP_COLUMNS = {
    "user_account": ("password_hash", "totp_secret", "totp_last_step"),
    "account_token": ("token_hash",),
}


def terms_of(org: Organization, now: datetime, purge_days: int) -> OrganizationTerms:
    due = org.closed_at is not None and org.closed_at + timedelta(days=purge_days) <= now
    return OrganizationTerms(
        id=org.id,
        timezone=org.timezone,
        presence_retention_days=org.presence_retention_days,
        report_retention_days=org.report_retention_days,
        closed_at=org.closed_at,
        purge_due=due,
    )


def terms(
    session: Session,
    settings: Settings,
    *,
    now: datetime,
    organization_id: str | None,
    after: str | None,
    limit: int,
) -> TermsPage:
    rows = repository.with_terms(session, organization_id=organization_id, after=after, limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    return TermsPage(
        items=[terms_of(org, now, settings.closed_org_purge_days) for org in rows],
        next_cursor=encode_cursor([rows[-1].id]) if more else None,
    )


def run(
    database: Database,
    purger: Purger,
    audit: AuditWriter,
    settings: Settings,
    cache,
    *,
    now: datetime,
    only: str | None,
) -> dict:
    """Purge every closed organization that is due (``only``: that one alone)."""
    done: dict[str, dict[str, int]] = {}
    after = None
    while True:
        page = database.read(terms, settings, now=now, organization_id=only, after=after, limit=500)
        for item in page.items:
            if item.purge_due:
                done[item.id] = purge_closed(database, purger, audit, cache, item.id, now)
        if not page.next_cursor:
            return {"purged": done}
        after = page.items[-1].id


def purge_closed(database: Database, purger: Purger, audit: AuditWriter, cache, organization_id: str, now) -> dict:
    counts = purger.purge_organization(
        organization_id,
        children={"recovery_code": repository.users_of, "refresh_token": repository.sessions_of},
    )
    first_time = database.transaction(_tombstone, organization_id, now)
    if counts or first_time:
        audit_purge(database, audit, organization_id=organization_id, kind="closed_organization", counts=counts)
        log.info("a closed organization's data was purged", extra={"organization_id": organization_id})
    if cache is not None:
        orgcache.forget(cache, organization_id)
    return counts


def _tombstone(session: Session, organization_id: str, now: datetime) -> bool:
    """The organization's row keeps its id and dates, nothing of anyone; whether it was just made so."""
    org = repository.locked(session, organization_id)
    if org is None or org.purged_at is not None:
        return False
    org.name = ""
    org.domains = []
    org.closed_by = None
    org.purged_at = now
    return True


def exporter(base, database: Database) -> Exporter:
    return Exporter("identity", base, database, skip_tables=EXPORT_SKIP_TABLES, skip_columns=EXPORT_SKIP_COLUMNS)
