"""Sync's part of the data lifecycle (SPEC §6.5): offline changes follow their session. Once a
session's records are past the organization's ``presence_retention_days`` (presence tells each
session's end), the changes devices sent for it go — items, their outcomes, conflicts and their
versions, the audit entries about those conflicts redacted — and a batch left with none goes too.
Changes for a session presence never had (rejected) count from when their batch arrived.

A closed organization's purge removes every row of it once identity says it is due."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.db.database import Database
from omni_common.internal import ServiceClient
from omni_common.lifecycle import repository as common
from omni_common.lifecycle.schemas import OrganizationTerms
from omni_common.lifecycle.service import Exporter, Purger, audit_purge, organization_terms
from sync.database import AuditLog
from sync.lifecycle import repository

log = logging.getLogger(__name__)

SESSIONS_PER_QUERY = 500


def run(
    database: Database,
    purger: Purger,
    audit: AuditWriter,
    identity: ServiceClient,
    presence: ServiceClient,
    *,
    now: datetime,
    only: str | None,
) -> dict:
    done: dict[str, dict[str, int]] = {}
    for org in organization_terms(identity, now=now, organization_id=only):
        try:
            if org.purge_due:
                counts = purger.purge_organization(org.id)
                if counts:
                    audit_purge(database, audit, organization_id=org.id, kind="closed_organization", counts=counts)
                done[org.id] = counts
            elif org.closed_at is None and org.presence_retention_days:
                done[org.id] = purge_retention(database, purger, audit, presence, org, now)
        except Exception:  # one organization's trouble must not hold up the others'
            log.exception("an organization's lifecycle purge failed", extra={"organization_id": org.id})
    return {"purged": done}


def session_ends(presence: ServiceClient, organization_id: str, ids: list[str]) -> dict[str, datetime]:
    answer = presence.request(
        "POST", "/internal/lifecycle/session-ends", json={"organization_id": organization_id, "session_ids": ids}
    )
    answer.raise_for_status()
    return {k: datetime.fromisoformat(v) for k, v in answer.json()["ends"].items()}


def purge_retention(
    database: Database,
    purger: Purger,
    audit: AuditWriter,
    presence: ServiceClient,
    org: OrganizationTerms,
    now: datetime,
) -> dict[str, int]:
    cutoff = now - timedelta(days=org.presence_retention_days or 0)
    counts: Counter[str] = Counter()
    after = None
    while True:
        ids = database.read(repository.session_ids, org.id, after, SESSIONS_PER_QUERY)
        if not ids:
            break
        ends = session_ends(presence, org.id, ids)
        due = [i for i in ids if i in ends and ends[i] < cutoff]
        unknown = [i for i in ids if i not in ends]
        if due:
            counts += _purge(purger, org.id, repository.of_sessions(org.id, due))
        if unknown:
            counts += _purge(purger, org.id, repository.of_unknown_sessions(org.id, unknown, cutoff))
        if len(ids) < SESSIONS_PER_QUERY:
            break
        after = ids[-1]
    counts["sync_batch"] += purger.delete_where("sync_batch", repository.empty_batches(org.id))
    counts = Counter({k: v for k, v in counts.items() if v})
    if counts:
        audit_purge(
            database,
            audit,
            organization_id=org.id,
            kind="retention",
            counts=counts,
            detail={"before": cutoff.isoformat()},
        )
    return dict(counts)


def _purge(purger: Purger, organization_id: str, conditions: dict) -> Counter[str]:
    def redact(session: Session, keys: list[tuple]) -> None:
        common.redact_audit(session, AuditLog, organization_id, "sync_conflict", [k[0] for k in keys], "retention")

    counts: Counter[str] = Counter()
    for table, condition in conditions.items():
        counts[table] += purger.delete_where(table, condition, redact if table == "sync_conflict" else None)
    return counts


def exporter(base, database: Database) -> Exporter:
    return Exporter("sync", base, database)
