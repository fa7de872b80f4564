"""The one tenancy helper: every query of a tenant table goes through here.

Another organization's row is indistinguishable from a row that does not exist: 404 in a path,
422 naming the field in a body (SPEC §1)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.errors import Invalid, NotFound

M = TypeVar("M")


def in_org(model: type, organization_id: str):
    """The condition that keeps a query inside one organization (for callers that hold its id, not a
    signed-in principal: a kiosk, a worker, an internal route)."""
    return model.organization_id == organization_id


def select_in_org(model: type[M], organization_id: str) -> Select:
    return select(model).where(in_org(model, organization_id))


def scoped(stmt: Select, model: type, principal: Principal) -> Select:
    return stmt.where(in_org(model, principal.organization_id))


def select_scoped(model: type[M], principal: Principal) -> Select:
    return scoped(select(model), model, principal)


def get_or_404(session: Session, model: type[M], id_: str, principal: Principal, *, for_update: bool = False) -> M:
    stmt = select_scoped(model, principal).where(model.id == id_)
    if for_update:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is None:
        raise NotFound()
    return row


def get_or_422(session: Session, model: type[M], id_: str, principal: Principal, field: str) -> M:
    row = session.scalars(select_scoped(model, principal).where(model.id == id_)).one_or_none()
    if row is None:
        raise Invalid.field(field, "No such item.", "not_found")
    return row


def exists_in_org(session: Session, model: type, id_: str, principal: Principal) -> bool:
    """Whether the caller's organization has a row of ``model`` with this id."""
    return (
        session.scalars(select_scoped(model, principal).with_only_columns(model.id).where(model.id == id_)).first()
        is not None
    )
