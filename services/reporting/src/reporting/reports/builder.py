"""Building one report, in the worker: claim it, stream its data into its writer, store the file,
complete it — or fail it with the reason — and notify whoever asked.

Correct under redelivery: the claim is a row lock and a lease in the database, so a second
delivery while a build holds the report does nothing, and one after it finished does nothing
either; a file is renamed into place only once whole, and only the build that still holds the
report may complete it (a loser deletes its file)."""

from __future__ import annotations

import logging
import resource
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.orm import Session

from omni_common.audit import AuditWriter
from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.errors import Problem
from omni_common.outbox import Outbox
from reporting.config import Settings
from reporting.rendering.csv_writer import CsvWriter
from reporting.rendering.document import file_name
from reporting.rendering.fonts import FontMissing, register_font
from reporting.rendering.pdf_writer import PdfWriter
from reporting.rendering.xlsx_writer import XlsxWriter
from reporting.reports import repository
from reporting.reports.kinds import BUILDERS, Context
from reporting.reports.models import Report
from reporting.reports.schemas import CONTENT_TYPES, ReportFormat
from reporting.sources import IdentitySource, PresenceSource, SourceError
from reporting.storage import ReportStorage

log = logging.getLogger(__name__)
NOTIFY_TASK = "reporting.notify"


class LeaseKeeper:
    """Renews a build's hold on its report every third of the lease while the build runs, from a
    thread of its own, so a build busy in one long step still shows it is alive; a worker that
    dies takes the thread with it and the hold runs out."""

    def __init__(self, database: Database, report_id: str, attempt: int, seconds: float, *, renew=None):
        """``renew(session, id, attempt, until)``: a report's by default (an organization's export
        brings its own)."""
        self.database, self.report_id, self.attempt, self.seconds = database, report_id, attempt, seconds
        self.renew = renew or repository.renew_lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{report_id}", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            until = utcnow() + timedelta(seconds=self.seconds)
            try:
                self.database.transaction(self.renew, self.report_id, self.attempt, until)
            except Exception:  # the database is away for a moment: the next beat tries again
                log.warning("a build's lease could not be renewed", extra={"report_id": self.report_id})

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Claim:
    report: dict[str, Any]
    attempt: int


class Builder:
    def __init__(
        self,
        *,
        database: Database,
        settings: Settings,
        storage: ReportStorage,
        presence: PresenceSource,
        identity: IdentitySource,
        outbox: Outbox,
        audit: AuditWriter,
    ):
        self.database = database
        self.settings = settings
        self.storage = storage
        self.presence = presence
        self.identity = identity
        self.outbox = outbox
        self.audit = audit

    # --- the build ------------------------------------------------------------------------------

    def build(self, report_id: str) -> str:
        """Returns what happened: built, failed, or skipped (finished already, or held)."""
        claim = self.database.transaction(self._claim, report_id)
        if claim is None:
            return "skipped"
        report, attempt = claim.report, claim.attempt
        if attempt > 1:  # the build before this one died holding the report
            self.storage.discard_partials(report["organization_id"], report_id)
        started = time.perf_counter()
        try:
            with LeaseKeeper(self.database, report_id, attempt, self.settings.lease_seconds):
                key, name, size, keep_days = self._render(report_id, report, attempt)
        except SoftTimeLimitExceeded:
            return self._fail(
                report_id, attempt, f"The report took longer than {self.settings.task_time_limit_seconds} s to build."
            )
        except (SourceError, FontMissing) as exc:
            return self._fail(report_id, attempt, str(exc))
        except Problem as exc:  # a service answered that it is unavailable
            return self._fail(report_id, attempt, exc.detail)
        except Exception:
            log.exception("a report could not be built", extra={"report_id": report_id})
            return self._fail(report_id, attempt, "The report could not be built because of an unexpected error.")
        won = self.database.transaction(self._complete, report_id, attempt, key, name, size, keep_days)
        if not won:
            self.storage.delete(key)
            return "skipped"
        log.info(
            "report built",
            extra={
                "report_id": report_id,
                "type": report["type"],
                "format": report["format"],
                "bytes": size,
                "seconds": round(time.perf_counter() - started, 3),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            },
        )
        return "built"

    def _render(self, report_id: str, report: dict[str, Any], attempt: int) -> tuple[str, str, int, int | None]:
        """Gathers the report's data and writes its file; answers the file's key, name and size,
        and the days the organization keeps report files (None: for ever)."""
        organization = self.identity.organization(report["organization_id"])
        scope = self.presence.scope(
            report["organization_id"],
            group_id=report["params"].get("group_id"),
            session_id=report["params"].get("session_id"),
        )
        if scope.get("group") is None:
            raise SourceError("The group or session of this report no longer exists.")
        ctx = Context(
            organization=organization,
            scope=scope,
            params=report["params"],
            presence=self.presence,
            identity=self.identity,
            progress=self._progress(report_id, attempt),
        )
        document = BUILDERS[report["type"]](ctx)
        extension = report["format"]
        key = self.storage.new_key(report["organization_id"], report_id, extension)
        with self.storage.writer(key) as out:
            self._writer(ReportFormat(extension)).write(document, out)
        keep_days = organization.get("report_retention_days")
        return key, file_name(document.file_stem, extension), self.storage.size(key), keep_days

    def _writer(self, fmt: ReportFormat):
        if fmt is ReportFormat.pdf:
            return PdfWriter(register_font(self.settings.font_path))
        if fmt is ReportFormat.xlsx:
            return XlsxWriter()
        return CsvWriter()

    def _progress(self, report_id: str, attempt: int):
        last = {"value": 0, "at": 0.0}

        def update(fraction: float) -> None:
            value = min(95, max(1, int(fraction * 95)))
            now = time.monotonic()
            if value >= last["value"] + 5 or (value > last["value"] and now - last["at"] > 1.0):
                last.update(value=value, at=now)
                self.database.transaction(repository.set_progress, report_id, attempt, value)

        return update

    # --- state changes, each in its own transaction -------------------------------------------

    def _claim(self, session: Session, report_id: str) -> Claim | None:
        report = repository.locked(session, report_id)
        now = utcnow()
        if report is None or report.status in ("completed", "failed"):
            return None
        if report.status == "running" and report.lease_until and report.lease_until > now:
            return None  # another delivery is building it right now
        if report.attempts >= self.settings.max_attempts:
            self._mark_failed(
                session, report, f"The report could not be built: its build stopped {report.attempts} times."
            )
            return None
        report.status = "running"
        report.attempts += 1
        report.started_at = now
        report.lease_until = now + timedelta(seconds=self.settings.lease_seconds)
        report.progress = max(report.progress, 1)
        snapshot = {
            "organization_id": report.organization_id,
            "type": report.type,
            "format": report.format,
            "params": dict(report.params),
            "requested_by": report.requested_by,
        }
        return Claim(snapshot, report.attempts)

    def _complete(
        self, session: Session, report_id: str, attempt: int, key: str, name: str, size: int, keep_days: int | None
    ) -> bool:
        report = repository.locked(session, report_id)
        if report is None or report.status != "running" or report.attempts != attempt:
            return False
        now = utcnow()
        report.status = "completed"
        report.progress = 100
        report.completed_at = now
        report.lease_until = None
        report.error = None
        report.file_key = key
        report.file_name = name
        report.content_type = CONTENT_TYPES[ReportFormat(report.format)]
        report.size_bytes = size
        # The organization's report retention as it stands now (null: kept for ever); its lifecycle
        # task also removes reports completed longer ago than the retention says at the time.
        report.expires_at = now + timedelta(days=keep_days) if keep_days else None
        self.audit.record(
            session,
            organization_id=report.organization_id,
            entity="report",
            entity_id=report.id,
            action="complete",
            after={"status": "completed", "file_name": name, "size_bytes": size},
            source="worker",
        )
        self.outbox.enqueue(session, NOTIFY_TASK, report_id=report.id)
        return True

    def _fail(self, report_id: str, attempt: int, reason: str) -> str:
        def fail(session: Session) -> None:
            report = repository.locked(session, report_id)
            if report is not None and report.status == "running" and report.attempts == attempt:
                self._mark_failed(session, report, reason)

        self.database.transaction(fail)
        log.warning("a report failed", extra={"report_id": report_id, "reason": reason})
        return "failed"

    def _mark_failed(self, session: Session, report: Report, reason: str) -> None:
        report.status = "failed"
        report.error = reason
        report.completed_at = utcnow()
        report.lease_until = None
        self.audit.record(
            session,
            organization_id=report.organization_id,
            entity="report",
            entity_id=report.id,
            action="fail",
            after={"status": "failed", "error": reason},
            source="worker",
        )
        self.outbox.enqueue(session, NOTIFY_TASK, report_id=report.id)
