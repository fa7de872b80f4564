from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from omni_common.auth.dependencies import Admin, Manager, Staff
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from presence.context import Ctx
from presence.groups import service
from presence.groups.schemas import (
    GroupCreate,
    GroupOut,
    GroupPatch,
    MemberOut,
    MembersAdd,
    MembersAdded,
    StaffAdd,
    StaffOut,
)

router = APIRouter(prefix="/api/groups", tags=["groups"])


class StaffList(BaseModel):
    items: list[StaffOut]


@router.get("", response_model=Page[GroupOut], summary="List groups")
def list_groups(
    *,
    cursor: str | None = None,
    limit: int = LimitQuery,
    archived: bool = False,
    domain: str | None = Query(None, max_length=32),
    principal: Staff,
    db: Db,
):
    """Groups (a frontline user sees the ones they are assigned to)."""
    return db.read(service.list_groups, principal, cursor=cursor, limit=limit, archived=archived, domain=domain)


@router.post("", response_model=GroupOut, status_code=status.HTTP_201_CREATED, summary="Add a group")
def create_group(
    body: GroupCreate,
    request: Request,
    fingerprint: Fingerprint,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    return ctx.idempotency.respond(
        db,
        request,
        fingerprint,
        principal,
        lambda s: (201, GroupOut.model_validate(service.create_group(s, ctx, principal, body))),
    )


@router.get("/{group_id}", response_model=GroupOut, summary="A group")
def get_group(group_id: str, principal: Staff, db: Db):
    return db.read(lambda s: GroupOut.model_validate(service.get_group(s, principal, group_id)))


@router.patch("/{group_id}", response_model=GroupOut, summary="Change a group")
def update_group(
    group_id: str,
    body: GroupPatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    return db.transaction(lambda s: GroupOut.model_validate(service.update_group(s, ctx, principal, group_id, body)))


@router.delete("/{group_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Archive a group")
def archive_group(
    group_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Archive a group (administrators): its sessions, records and member history stay."""
    db.transaction(service.archive_group, ctx, principal, group_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{group_id}/members", response_model=Page[MemberOut], summary="List a group's members")
def list_members(
    *,
    group_id: str,
    cursor: str | None = None,
    limit: int = LimitQuery,
    past: bool = Query(False, description="Include ended memberships."),
    principal: Staff,
    db: Db,
):
    return db.read(service.list_members, principal, group_id, cursor=cursor, limit=limit, past=past)


@router.post("/{group_id}/members", response_model=MembersAdded, summary="Add members to a group")
def add_members(
    group_id: str,
    body: MembersAdd,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Add participants from now on (administrators); current members are left as they are."""
    return db.transaction(service.add_members, ctx, principal, group_id, body)


@router.delete(
    "/{group_id}/members/{participant_id}", status_code=status.HTTP_204_NO_CONTENT, summary="End a membership"
)
def remove_member(
    group_id: str,
    participant_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """End a membership now (administrators): past sessions still list the participant."""
    db.transaction(service.remove_member, ctx, principal, group_id, participant_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{group_id}/staff", response_model=StaffList, summary="List a group's staff")
def list_staff(
    group_id: str,
    principal: Manager,
    db: Db,
    ctx: Ctx,
):
    return StaffList(items=db.read(service.list_staff, ctx, principal, group_id))


@router.post("/{group_id}/staff", response_model=StaffList, summary="Assign staff to a group")
def add_staff(
    group_id: str,
    body: StaffAdd,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Assign frontline users, optionally between two dates (administrators)."""
    return StaffList(items=db.transaction(service.add_staff, ctx, principal, group_id, body))


@router.delete(
    "/{group_id}/staff/{user_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Unassign a group's staff member"
)
def remove_staff(
    group_id: str,
    user_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    db.transaction(service.remove_staff, ctx, principal, group_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
