from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel

from omni_common.auth.dependencies import Admin, AnyUser
from omni_common.kit import Db
from presence.context import Ctx
from presence.domains import service
from presence.domains.schemas import DomainCreate, DomainOut, DomainPatch, StateCreate, StateOut, StatePatch

router = APIRouter(tags=["domains and states"])


class DomainList(BaseModel):
    items: list[DomainOut]


class StateList(BaseModel):
    items: list[StateOut]


@router.get("/api/domains", response_model=DomainList, summary="List domains and their states")
def list_domains(
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """The organization's enabled preset domains and its custom ones, each with its states in order."""
    return DomainList(items=db.transaction(service.list_domains, ctx, principal))


@router.post(
    "/api/domains", response_model=DomainOut, status_code=status.HTTP_201_CREATED, summary="Add a custom domain"
)
def create_domain(
    body: DomainCreate,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """A custom domain (administrators); add its states with POST /api/presence-states."""
    return db.transaction(service.create_domain, ctx, principal, body)


@router.patch("/api/domains/{code}", response_model=DomainOut, summary="Change a domain's name or words")
def update_domain(
    code: str,
    body: DomainPatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Rename a domain or change its words for participant, group and session (administrators)."""
    return db.transaction(service.update_domain, ctx, principal, code, body)


@router.get("/api/presence-states", response_model=StateList, summary="List presence states")
def list_states(
    *,
    domain: str | None = Query(None, max_length=32),
    include_retired: bool = False,
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """States in display order; `?domain=` narrows to one domain."""
    return StateList(
        items=db.transaction(service.list_states, ctx, principal, domain=domain, include_retired=include_retired)
    )


@router.post(
    "/api/presence-states", response_model=StateOut, status_code=status.HTTP_201_CREATED, summary="Add a presence state"
)
def create_state(
    body: StateCreate,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    return db.transaction(service.create_state, ctx, principal, body)


@router.patch("/api/presence-states/{state_id}", response_model=StateOut, summary="Change a presence state")
def update_state(
    state_id: str,
    body: StatePatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Rename, recolour, reorder, re-weigh, restrict to roles, make default (administrators)."""
    return db.transaction(service.update_state, ctx, principal, state_id, body)


@router.delete(
    "/api/presence-states/{state_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Retire a presence state"
)
def retire_state(
    state_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Retire a state: hidden from new records, kept by the records that have it."""
    db.transaction(service.retire_state, ctx, principal, state_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
