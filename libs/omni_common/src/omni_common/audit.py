"""The append-only audit log every service keeps, written in the same transaction as the change.

Each service has its own ``audit_log`` table (made by :func:`audit_model` on its own base); its app
database user may only SELECT and INSERT there. The gateway merges every service's log through the
internal listing :func:`audit_router` mounts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import Index, String, Text, and_, insert, or_
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from omni_common.auth.dependencies import require_roles
from omni_common.context import current_device_name, current_request_id
from omni_common.db.base import MYSQL_TABLE_ARGS, UTCDateTime, id_column, utcnow
from omni_common.db.database import Database
from omni_common.db.provision import append_only
from omni_common.errors import Invalid
from omni_common.ids import new_id
from omni_common.internal import require_service
from omni_common.pagination import LimitQuery, cursor_key, page_of
from omni_common.schemas import OutOfRange, day_in_range, instant_in_range
from omni_common.tenancy import select_in_org


def audit_model(base: type[DeclarativeBase]) -> type:
    class AuditLog(base):
        __tablename__ = "audit_log"
        __table_args__ = (
            Index("ix_audit_log_org_created", "organization_id", "created_at", "id"),
            Index("ix_audit_log_org_entity", "organization_id", "entity", "entity_id"),
            append_only(MYSQL_TABLE_ARGS),
        )

        id: Mapped[str] = id_column()
        organization_id: Mapped[str | None] = mapped_column(String(36))
        service: Mapped[str] = mapped_column(String(32))
        actor_id: Mapped[str | None] = mapped_column(String(36), index=True)
        entity: Mapped[str] = mapped_column(String(64))
        entity_id: Mapped[str | None] = mapped_column(String(64))
        action: Mapped[str] = mapped_column(String(64))
        before: Mapped[dict[str, Any] | None]
        after: Mapped[dict[str, Any] | None]
        source: Mapped[str] = mapped_column(String(32), default="online")
        device_id: Mapped[str | None] = mapped_column(String(128))
        # The name its user gave the device ("Frankie's phone"), as it was when the change came.
        device_name: Mapped[str | None] = mapped_column(String(100))
        request_id: Mapped[str | None] = mapped_column(String(128))
        detail: Mapped[str | None] = mapped_column(Text)
        created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    return AuditLog


class AuditWriter:
    """Writes one service's audit entries; bound to that service's model at start-up."""

    def __init__(self, model: type, service: str):
        self.model = model
        self.service = service

    def record(
        self,
        session: Session,
        *,
        organization_id: str | None,
        entity: str,
        entity_id: str | None,
        action: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        actor_id: str | None = None,
        source: str = "online",
        device_id: str | None = None,
        detail: str | None = None,
        device_name: str | None = None,
    ) -> None:
        session.add(
            self.model(
                organization_id=organization_id,
                service=self.service,
                actor_id=actor_id,
                entity=entity,
                entity_id=entity_id,
                action=action,
                before=_jsonable(before),
                after=_jsonable(after),
                source=source,
                device_id=device_id,
                device_name=device_name or current_device_name(),
                request_id=current_request_id(),
                detail=detail,
            )
        )

    def record_update(
        self,
        session: Session,
        *,
        organization_id: str | None,
        entity: str,
        entity_id: str | None,
        before: dict[str, Any],
        after: dict[str, Any],
        actor_id: str | None,
        action: str = "update",
    ) -> bool:
        """An update's entry with only the fields that changed; none when nothing did. Whether one
        was written."""
        old, new = diff(_jsonable(before), _jsonable(after))
        if new:
            self.record(
                session,
                organization_id=organization_id,
                entity=entity,
                entity_id=entity_id,
                action=action,
                before=old,
                after=new,
                actor_id=actor_id,
            )
        return bool(new)

    def record_many(
        self,
        session: Session,
        *,
        organization_id: str | None,
        entity: str,
        actor_id: str | None,
        entries: list[dict[str, Any]],
        source: str = "online",
        device_id: str | None = None,
        device_name: str | None = None,
    ) -> None:
        """Many entries of one kind in one statement (a bulk change audits every row it touches).
        Each entry has entity_id, action and optionally before and after."""
        if not entries:
            return
        now, request_id = utcnow(), current_request_id()
        device_name = device_name or current_device_name()
        # A Core INSERT on the session's connection: the ORM's bulk path adds nothing here but time.
        session.connection().execute(
            insert(self.model.__table__),
            [
                {
                    "id": new_id(),
                    "organization_id": organization_id,
                    "service": self.service,
                    "actor_id": actor_id,
                    "entity": entity,
                    "entity_id": e["entity_id"],
                    "action": e["action"],
                    "before": _jsonable(e.get("before")),
                    "after": _jsonable(e.get("after")),
                    "source": source,
                    "device_id": device_id,
                    "device_name": device_name,
                    "request_id": request_id,
                    "detail": None,
                    "created_at": now,
                }
                for e in entries
            ],
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, before and after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    service: str
    organization_id: str | None
    actor_id: str | None
    entity: str
    entity_id: str | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    source: str
    device_id: str | None
    device_name: str | None = None
    request_id: str | None
    detail: str | None
    created_at: datetime


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None


def _bound(value: str | None, field: str, tz: ZoneInfo, end: bool) -> datetime | None:
    """A date is a calendar day in the organization's timezone; a datetime is taken as given."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = day_in_range(date.fromisoformat(value))
            at = datetime.combine(day + timedelta(days=1) if end else day, time(), tz)
        else:
            at = instant_in_range(datetime.fromisoformat(value))
            if at.tzinfo is None:
                at = at.replace(tzinfo=tz)
    except OutOfRange as exc:
        raise Invalid.field(field, str(exc), code="out_of_range") from None
    except ValueError:
        raise Invalid.field(field, "Expected a date (YYYY-MM-DD) or an ISO 8601 time.", "datetime_format") from None
    return at


def list_audit(
    session: Session,
    model: type,
    *,
    organization_id: str,
    tz: ZoneInfo,
    entity: str | None = None,
    entity_id: str | None = None,
    actor: str | None = None,
    participant_id: str | None = None,
    session_id: str | None = None,
    group_id: str | None = None,
    action: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> AuditPage:
    """Newest first. The cursor is (created_at, id) of the last entry, the same key in every
    service, so the gateway can merge the four logs with one cursor."""
    stmt = select_in_org(model, organization_id)
    if entity:
        stmt = stmt.where(model.entity == entity)
    if entity_id:
        stmt = stmt.where(model.entity_id == entity_id)
    if actor:
        stmt = stmt.where(model.actor_id == actor)
    if action:
        stmt = stmt.where(model.action == action)
    for entity_name, key, value in (
        ("participant", "participant_id", participant_id),
        ("session", "session_id", session_id),
        ("group", "group_id", group_id),
    ):
        if value:
            stmt = stmt.where(about(model, entity_name, key, value))
    start, end = _bound(from_, "from", tz, end=False), _bound(to, "to", tz, end=True)
    if start:
        stmt = stmt.where(model.created_at >= start)
    if end:
        stmt = stmt.where(model.created_at < end)
    key = cursor_key(cursor, datetime, str)
    if key:
        at, last_id = key
        stmt = stmt.where(or_(model.created_at < at, and_(model.created_at == at, model.id < last_id)))
    rows = session.scalars(stmt.order_by(model.created_at.desc(), model.id.desc()).limit(limit + 1)).all()
    page = page_of([AuditEntry.model_validate(r) for r in rows], limit, audit_key)
    return AuditPage(items=page.items, next_cursor=page.next_cursor)


def about(model: type, entity: str, key: str, value: str):
    """Entries about one participant, session or group: the entity itself, or a change whose
    values name it (a presence record's participant_id, a session's group_id …)."""
    return or_(
        and_(model.entity == entity, model.entity_id == value),
        model.after[key].as_string() == value,
        model.before[key].as_string() == value,
    )


def audit_key(entry: AuditEntry) -> list[str]:
    """The merge key, the same in every service: newest first by (created_at, id)."""
    return [entry.created_at.isoformat(), entry.id]


def audit_router(database: Database, model: type) -> APIRouter:
    """GET /internal/audit-logs: this service's entries for the caller's organization.

    Called by the gateway only (service token), on behalf of a manager or admin (their token)."""
    router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)

    @router.get("/audit-logs", response_model=AuditPage)
    def internal_audit_logs(
        entity: str | None = None,
        entity_id: str | None = None,
        actor: str | None = None,
        participant_id: str | None = None,
        session_id: str | None = None,
        group_id: str | None = None,
        action: str | None = None,
        from_: str | None = Query(None, alias="from"),
        to: str | None = None,
        cursor: str | None = None,
        limit: int = LimitQuery,
        principal=Depends(require_roles("admin", "manager")),
    ) -> AuditPage:
        return database.read(
            list_audit,
            model,
            organization_id=principal.organization_id,
            tz=principal.tz,
            entity=entity,
            entity_id=entity_id,
            actor=actor,
            participant_id=participant_id,
            session_id=session_id,
            group_id=group_id,
            action=action,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
        )

    return router
