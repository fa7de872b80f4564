from fastapi import APIRouter, Query, Response, status

from identity.context import Ctx
from identity.users import service
from identity.users.schemas import UserCreate, UserOut, UserPatch
from omni_common.auth.dependencies import Admin, Manager
from omni_common.auth.principal import Role
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("", response_model=Page[UserOut], summary="List users")
def list_users(
    principal: Manager,
    db: Db,
    cursor: str | None = None,
    limit: int = LimitQuery,
    role: Role | None = None,
    q: str | None = Query(None, max_length=200),
):
    """Users of the organization, oldest first; `q` searches name and email."""
    return db.read(service.list_users, principal, cursor=cursor, limit=limit, role=role, q=q)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=UserOut, summary="Add a user")
def create_user(
    body: UserCreate,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Add a user (administrators). Without a password they cannot sign in until one is set."""
    ctx.participants.require(principal.organization_id, body.participant_id)
    return db.transaction(lambda s: UserOut.model_validate(service.create_user(s, ctx, principal, body)))


@router.get("/{user_id}", response_model=UserOut, summary="A user")
def get_user(user_id: str, principal: Manager, db: Db):
    return db.read(lambda s: UserOut.model_validate(service.get_user(s, principal, user_id)))


@router.patch("/{user_id}", response_model=UserOut, summary="Change a user")
def update_user(
    user_id: str,
    body: UserPatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Change a user (administrators). A role change takes effect on the user's next request."""
    ctx.participants.require(principal.organization_id, body.participant_id)
    return db.transaction(lambda s: UserOut.model_validate(service.update_user(s, ctx, principal, user_id, body)))


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Deactivate a user")
def deactivate_user(
    user_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Deactivate a user (administrators): every session of theirs ends at once."""
    db.transaction(service.deactivate_user, ctx, principal, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
