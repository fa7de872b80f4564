"""The SQL every service's lifecycle shares: rows of one organization by key, page by page; rows
removed by key; audit entries redacted. Tables are SQLAlchemy Core tables of the service's own
metadata, so one function serves every table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select, text, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from omni_common.tenancy import in_org


def of_organization(table: Table, organization_id: str) -> ColumnElement[bool]:
    """The rows of a table that carry ``organization_id``, of one organization."""
    return in_org(table.c, organization_id)


def _key(table: Table) -> list:
    return list(table.primary_key.columns)


def _key_in(table: Table, keys: Sequence[tuple]) -> ColumnElement[bool]:
    columns = _key(table)
    if len(columns) == 1:
        return columns[0].in_([k[0] for k in keys])
    return tuple_(*columns).in_([tuple(k) for k in keys])


def keys_where(session: Session, table: Table, condition: ColumnElement[bool], limit: int) -> list[tuple]:
    """At most ``limit`` primary keys of the rows that meet the condition, in key order."""
    columns = _key(table)
    return [tuple(r) for r in session.execute(select(*columns).where(condition).order_by(*columns).limit(limit))]


def delete_keys(session: Session, table: Table, keys: Sequence[tuple]) -> int:
    if not keys:
        return 0
    return session.execute(delete(table).where(_key_in(table, keys))).rowcount


def page(
    session: Session, table: Table, organization_id: str, columns: list[str], after: list[Any] | None, limit: int
) -> tuple[list[dict[str, Any]], list[Any] | None]:
    """Up to ``limit`` rows of the organization after the key ``after``, in key order, as plain
    dicts of ``columns``; and the key of the last one when there may be more."""
    key = _key(table)
    stmt = select(*(table.c[name] for name in columns), *(c.label(f"__key_{i}") for i, c in enumerate(key)))
    stmt = stmt.where(of_organization(table, organization_id))
    if after is not None:
        stmt = stmt.where(key[0] > after[0] if len(key) == 1 else tuple_(*key) > tuple(after))
    rows = session.execute(stmt.order_by(*key).limit(limit)).mappings().all()
    items = [{name: row[name] for name in columns} for row in rows]
    last = [rows[-1][f"__key_{i}"] for i in range(len(key))] if len(rows) == limit else None
    return items, last


def redact_audit(
    session: Session, audit_model: type, organization_id: str, entity: str, entity_ids: Sequence[str], reason: str
) -> int:
    """Audit entries about these rows keep who, what (entity, id, action) and when, and lose the
    values they held: those were personal data of rows now purged."""
    if not entity_ids:
        return 0
    return session.execute(
        update(audit_model)
        .where(
            in_org(audit_model, organization_id),
            audit_model.entity == entity,
            audit_model.entity_id.in_(list(entity_ids)),
        )
        .values(before=None, after={"redacted": reason}, detail=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def schema_version(session: Session) -> str | None:
    """The service's Alembic revision (its schema version), or None where there is none (a bare
    test database)."""
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None
