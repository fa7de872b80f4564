"""Purging in short transactions on the purge user's database, an organization's terms from
identity, and the export of a service's entities."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, Session

from omni_common.audit import AuditWriter
from omni_common.db.database import Database
from omni_common.db.provision import lift_append_only
from omni_common.errors import Invalid, NotFound
from omni_common.internal import ServiceClient
from omni_common.lifecycle import repository
from omni_common.lifecycle.schemas import ExportCatalogue, ExportEntity, ExportPage, OrganizationTerms, TermsPage
from omni_common.pagination import decode_cursor, encode_cursor

log = logging.getLogger(__name__)

# What a beat task (or the internal run route) is called in each service.
TASK = "{service}.lifecycle"


def organization_terms(
    identity: ServiceClient, *, now: datetime, organization_id: str | None = None
) -> list[OrganizationTerms]:
    """Every organization whose data has a lifecycle (a retention set, or closed), from identity."""
    items: list[OrganizationTerms] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"now": now.isoformat(), "limit": 500}
        if organization_id:
            params["organization_id"] = organization_id
        if cursor:
            params["cursor"] = cursor
        answer = identity.request("GET", "/internal/lifecycle/organizations", params=params)
        answer.raise_for_status()
        page = TermsPage.model_validate(answer.json())
        items += page.items
        if not page.next_cursor:
            return items
        cursor = page.next_cursor


# (session, keys of the rows about to go) -> None: what must happen with them (a tally, a redaction).
BeforeDelete = Callable[[Session, list[tuple]], None]


class Purger:
    """Removes rows on the purge user's database, ``batch_size`` at a time, each batch a short
    transaction of its own (so no table is locked for long, and a purge stopped half-way has lost
    nothing it had not finished): the append-only guards are lifted inside each."""

    def __init__(self, database: Database, metadata: MetaData, batch_size: int):
        self.database = database
        self.metadata = metadata
        self.batch_size = batch_size

    def table(self, name: str) -> Table:
        return self.metadata.tables[name]

    def delete_where(
        self, table: Table | str, condition: ColumnElement[bool], before_delete: BeforeDelete | None = None
    ) -> int:
        table = self.table(table) if isinstance(table, str) else table
        total = 0
        while True:
            removed = self.database.transaction(self._batch, table, condition, before_delete)
            total += removed
            if removed < self.batch_size:
                return total

    def _batch(self, session: Session, table: Table, condition, before_delete: BeforeDelete | None) -> int:
        lift_append_only(session, self.metadata)
        keys = repository.keys_where(session, table, condition, self.batch_size)
        if keys and before_delete is not None:
            before_delete(session, keys)
        repository.delete_keys(session, table, keys)
        return len(keys)

    def run(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """One transaction of the caller's own on the purge user (append-only guards lifted)."""

        def work(session: Session):
            lift_append_only(session, self.metadata)
            return fn(session, *args, **kwargs)

        return self.database.transaction(work)

    def purge_organization(
        self,
        organization_id: str,
        *,
        children: Mapping[str, Callable[[str], ColumnElement[bool]]] | None = None,
        keep: Iterable[str] = (),
    ) -> dict[str, int]:
        """Every row of the organization, table by table (those that point at others first). Tables
        without ``organization_id`` are reached through ``children`` (name -> condition); ``keep``
        names tables left alone. Answers how many rows went, by table."""
        children = children or {}
        keep = set(keep)
        counts: dict[str, int] = {}
        for table in reversed(self.metadata.sorted_tables):
            if table.name in keep:
                continue
            if table.name in children:
                condition = children[table.name](organization_id)
            elif "organization_id" in table.c:
                condition = repository.of_organization(table, organization_id)
            else:
                continue
            removed = self.delete_where(table, condition)
            if removed:
                counts[table.name] = removed
        return counts


def audit_purge(
    database: Database,
    audit: AuditWriter,
    *,
    organization_id: str,
    kind: str,
    counts: Mapping[str, int],
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit entry saying how much of what a purge removed. A retention purge's belongs to the
    organization; a closed organization's purge removes the organization's entries too, so its own
    entry belongs to no organization (it names it as its entity) and outlives it."""
    closed = kind == "closed_organization"
    database.transaction(
        lambda s: audit.record(
            s,
            organization_id=None if closed else organization_id,
            entity="organization",
            entity_id=organization_id,
            action="purge_closed" if closed else "retention_purge",
            after={"purged": dict(counts), **(detail or {})},
            source="worker",
        )
    )


# --- export --------------------------------------------------------------------------------------

# Tables every service has, explained once.
COMMON_DESCRIPTIONS = {
    "audit_log": "The audit log: every change of every entity, who made it, when, and the values before and after.",
}


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


class Exporter:
    """A service's entities for an organization's export: every table that carries
    ``organization_id``, but for ``skip_tables`` (machinery: the outbox, stored answers, cursors;
    secrets), without ``skip_columns`` (password and token hashes, signing secrets)."""

    def __init__(
        self,
        service: str,
        base: type[DeclarativeBase],
        database: Database,
        *,
        skip_tables: Iterable[str] = (),
        skip_columns: Mapping[str, Iterable[str]] | None = None,
    ):
        self.service = service
        self.database = database
        skip_tables = set(skip_tables)
        skip_columns = {k: set(v) for k, v in (skip_columns or {}).items()}
        docs = {m.local_table.name: (m.class_.__doc__ or "") for m in base.registry.mappers}
        self.entities: dict[str, tuple[Table, list[str], str]] = {}
        for table in base.metadata.sorted_tables:
            if table.name in skip_tables or "organization_id" not in table.c:
                continue
            columns = [c.name for c in table.columns if c.name not in skip_columns.get(table.name, set())]
            description = COMMON_DESCRIPTIONS.get(table.name) or " ".join(docs.get(table.name, "").split())
            self.entities[table.name] = (table, columns, description or table.name.replace("_", " ").capitalize())

    def catalogue(self) -> ExportCatalogue:
        return ExportCatalogue(
            service=self.service,
            schema_version=self.database.read(repository.schema_version),
            entities=[
                ExportEntity(name=name, description=description, columns=columns)
                for name, (_, columns, description) in self.entities.items()
            ],
        )

    def page(self, entity: str, organization_id: str, cursor: str | None, limit: int) -> ExportPage:
        if entity not in self.entities:
            raise NotFound("No such entity.")
        table, columns, _ = self.entities[entity]
        after = None
        if cursor:
            try:
                after = decode_cursor(cursor)
            except ValueError:
                raise Invalid.field("cursor", "Not a cursor this list gave out.", "bad_cursor") from None
        items, last = self.database.read(repository.page, table, organization_id, columns, after, limit)
        return ExportPage(
            items=[jsonable(item) for item in items], next_cursor=encode_cursor(jsonable(last)) if last else None
        )
