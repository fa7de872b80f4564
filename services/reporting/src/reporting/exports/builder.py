"""Building one organization's export, in the worker: claim it (a lease renewed while it builds,
as a report's), gather every service's entities page by page into a ZIP written straight to
storage — one JSON Lines file per entity, then ``manifest.json`` — complete it, or fail it with
the reason. Memory stays bounded: no more than a page of rows is held at a time."""

from __future__ import annotations

import json
import logging
import re
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.errors import Problem
from reporting.config import Settings
from reporting.exports import repository
from reporting.exports.models import OrganizationExport
from reporting.exports.sources import ExportSource
from reporting.reports.builder import LeaseKeeper
from reporting.sources import SourceError
from reporting.storage import ReportStorage

log = logging.getLogger(__name__)
FORMAT = "omnipresence-organization-export"
FORMAT_VERSION = 1


@dataclass
class Claim:
    organization_id: str
    created_at: datetime
    attempt: int


class ExportBuilder:
    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        storage: ReportStorage,
        sources: list[ExportSource],
        organization: Any,
        audit: AuditWriter,
    ):
        """``organization(id)``: the organization's settings (its name and timezone), from identity."""
        self.database = database
        self.settings = settings
        self.storage = storage
        self.sources = sources
        self.organization = organization
        self.audit = audit

    def build(self, export_id: str) -> str:
        claim = self.database.transaction(self._claim, export_id)
        if claim is None:
            return "skipped"
        if claim.attempt > 1:
            self.storage.discard_partials(claim.organization_id, export_id)
        started = time.perf_counter()
        try:
            with LeaseKeeper(
                self.database, export_id, claim.attempt, self.settings.lease_seconds, renew=repository.renew_lease
            ):
                key, name, size, rows = self._write(export_id, claim)
        except SoftTimeLimitExceeded:
            return self._fail(export_id, claim.attempt, "The export took longer than its time limit to build.")
        except SourceError as exc:
            return self._fail(export_id, claim.attempt, str(exc))
        except Problem as exc:
            return self._fail(export_id, claim.attempt, exc.detail)
        except Exception:
            log.exception("an organization's export could not be built", extra={"export_id": export_id})
            return self._fail(export_id, claim.attempt, "The export could not be built because of an unexpected error.")
        if not self.database.transaction(self._complete, export_id, claim.attempt, key, name, size, rows):
            self.storage.delete(key)
            return "skipped"
        log.info(
            "organization export built",
            extra={
                "export_id": export_id,
                "bytes": size,
                "rows": rows,
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
        return "built"

    # --- the file --------------------------------------------------------------------------------

    def _write(self, export_id: str, claim: Claim) -> tuple[str, str, int, int]:
        org = self.organization(claim.organization_id)
        catalogues = [(source, source.catalogue()) for source in self.sources]
        total = sum(len(c.entities) for _, c in catalogues) or 1
        progress = self._progress(export_id, claim.attempt)
        files: list[dict[str, Any]] = []
        key = self.storage.new_key(claim.organization_id, export_id, "zip")
        with (
            self.storage.writer(key) as out,
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            for source, catalogue in catalogues:
                for entity in catalogue.entities:
                    path = f"{source.service}/{entity.name}.jsonl"
                    count = 0
                    with archive.open(path, "w", force_zip64=True) as member:
                        for row in source.rows(entity.name, claim.organization_id):
                            member.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                            count += 1
                    files.append(
                        {
                            "path": path,
                            "service": source.service,
                            "entity": entity.name,
                            "description": entity.description,
                            "columns": entity.columns,
                            "count": count,
                        }
                    )
                    progress(len(files) / total)
            manifest = self._manifest(export_id, claim, org, catalogues, files)
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        stamp = utcnow().strftime("%Y-%m-%d")
        slug = re.sub(r"[^A-Za-z0-9]+", "-", org.get("name") or "organization").strip("-").lower() or "organization"
        return key, f"omnipresence-export-{slug}-{stamp}.zip", self.storage.size(key), sum(f["count"] for f in files)

    @staticmethod
    def _manifest(export_id: str, claim: Claim, org: dict, catalogues, files: list[dict]) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "export_id": export_id,
            "organization": {"id": claim.organization_id, "name": org.get("name"), "timezone": org.get("timezone")},
            "requested_at": claim.created_at.isoformat(),
            "generated_at": utcnow().isoformat(),
            "encoding": "UTF-8; one JSON object per line; times in UTC, ISO 8601",
            "services": {
                source.service: {"schema_version": catalogue.schema_version, "entities": len(catalogue.entities)}
                for source, catalogue in catalogues
            },
            "files": files,
        }

    def _progress(self, export_id: str, attempt: int):
        last = {"value": 0, "at": 0.0}

        def update(fraction: float) -> None:
            value = min(95, max(1, int(fraction * 95)))
            now = time.monotonic()
            if value >= last["value"] + 5 or (value > last["value"] and now - last["at"] > 1.0):
                last.update(value=value, at=now)
                self.database.transaction(repository.set_progress, export_id, attempt, value)

        return update

    # --- state changes, each in its own transaction -------------------------------------------

    def _claim(self, session: Session, export_id: str) -> Claim | None:
        export = repository.locked(session, export_id)
        now = utcnow()
        if export is None or export.status in ("completed", "failed"):
            return None
        if export.status == "running" and export.lease_until and export.lease_until > now:
            return None  # another delivery is building it right now
        if export.attempts >= self.settings.max_attempts:
            self._mark_failed(
                session, export, f"The export could not be built: its build stopped {export.attempts} times."
            )
            return None
        export.status = "running"
        export.attempts += 1
        export.started_at = now
        export.lease_until = now + timedelta(seconds=self.settings.lease_seconds)
        export.progress = max(export.progress, 1)
        return Claim(export.organization_id, export.created_at, export.attempts)

    def _complete(
        self, session: Session, export_id: str, attempt: int, key: str, name: str, size: int, rows: int
    ) -> bool:
        export = repository.locked(session, export_id)
        if export is None or export.status != "running" or export.attempts != attempt:
            return False
        now = utcnow()
        export.status, export.progress, export.completed_at = "completed", 100, now
        export.lease_until, export.error = None, None
        export.file_key, export.file_name, export.size_bytes = key, name, size
        export.expires_at = now + timedelta(hours=self.settings.export_retention_hours)
        self.audit.record(
            session,
            organization_id=export.organization_id,
            entity="organization_export",
            entity_id=export.id,
            action="complete",
            after={"status": "completed", "size_bytes": size, "rows": rows},
            source="worker",
        )
        return True

    def _fail(self, export_id: str, attempt: int, reason: str) -> str:
        def fail(session: Session) -> None:
            export = repository.locked(session, export_id)
            if export is not None and export.status == "running" and export.attempts == attempt:
                self._mark_failed(session, export, reason)

        self.database.transaction(fail)
        log.warning("an organization export failed", extra={"export_id": export_id, "reason": reason})
        return "failed"

    def _mark_failed(self, session: Session, export: OrganizationExport, reason: str) -> None:
        export.status, export.error = "failed", reason
        export.completed_at, export.lease_until = utcnow(), None
        self.audit.record(
            session,
            organization_id=export.organization_id,
            entity="organization_export",
            entity_id=export.id,
            action="fail",
            after={"status": "failed", "error": reason},
            source="worker",
        )
