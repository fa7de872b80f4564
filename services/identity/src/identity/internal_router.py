"""Internal: what other services need to know about organizations and users (never via the gateway)."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from identity.organizations.models import Organization
from identity.organizations.schemas import OrganizationOut
from identity.users.models import User
from omni_common.db.database import Database
from omni_common.errors import NotFound
from omni_common.internal import require_service
from omni_common.kit import get_database

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
def organization(organization_id: str, db: Database = Depends(get_database)):
    org = db.read(lambda s: s.get(Organization, organization_id))
    if org is None:
        raise NotFound()
    return org


@router.get("/organizations/{organization_id}/users", response_model=list[UserBrief])
def users_by_role(organization_id: str, role: str, db: Database = Depends(get_database)):
    """The organization's active users with ``role`` (for notifications to every admin, say)."""
    return db.read(
        lambda s: list(
            s.scalars(
                select(User).where(User.organization_id == organization_id, User.role == role, User.is_active.is_(True))
            )
        )
    )


@router.post("/users/lookup", response_model=list[UserBrief])
def users(body: UserLookup, db: Database = Depends(get_database)):
    """The users of one organization among ``ids`` (others are simply not there)."""
    if not body.ids:
        return []
    return db.read(
        lambda s: list(
            s.scalars(select(User).where(User.organization_id == body.organization_id, User.id.in_(body.ids)))
        )
    )
