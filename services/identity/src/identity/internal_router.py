"""Internal: what other services need to know about organizations and users (never via the gateway)."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from identity.organizations import service as organizations
from identity.organizations.schemas import OrganizationOut
from identity.users import service as users
from omni_common.internal import require_service
from omni_common.kit import Db

router = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


class UserLookup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str
    ids: list[str] = Field(max_length=1000)


class UserBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    full_name: str
    role: str
    is_active: bool


@router.get("/organizations/{organization_id}", response_model=OrganizationOut)
def organization(organization_id: str, db: Db):
    return db.read(organizations.get_organization, organization_id)


@router.get("/organizations/{organization_id}/users", response_model=list[UserBrief])
def users_by_role(organization_id: str, role: str, db: Db):
    """The organization's active users with ``role`` (for notifications to every admin, say)."""
    return db.read(users.active_with_role, organization_id, role)


@router.post("/users/lookup", response_model=list[UserBrief])
def lookup_users(body: UserLookup, db: Db):
    """The users of one organization among ``ids`` (others are simply not there)."""
    return db.read(users.lookup, body.organization_id, body.ids)
