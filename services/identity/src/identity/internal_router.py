"""Internal: what other services need to know about organizations and users (never via the gateway)."""

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from identity.context import Ctx
from identity.mail.service import enqueue_mail
from identity.organizations import service as organizations
from identity.organizations.schemas import OrganizationSettings
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


@router.get("/organizations/{organization_id}", response_model=OrganizationSettings)
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


class MailIn(BaseModel):
    """A mail another service asks identity to send (notifications): to these users of the
    organization (the active ones, at their addresses), and to these addresses."""

    model_config = ConfigDict(extra="forbid")

    organization_id: str
    user_ids: list[str] = Field(default_factory=list, max_length=1000)
    emails: list[EmailStr] = Field(default_factory=list, max_length=1000)
    subject: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    body: Annotated[str, StringConstraints(max_length=100_000)]
    kind: Annotated[str, StringConstraints(max_length=64)] = "notification"
    # The participants the mail names: kept with it, so erasing one finds it by id (SPEC §6.5).
    participant_ids: list[Annotated[str, StringConstraints(max_length=36)]] = Field(
        default_factory=list, max_length=1000
    )


@router.post("/mail")
def send_mail(body: MailIn, db: Db, ctx: Ctx) -> dict:
    """Queued through identity's outbox, sent by its worker with its SMTP settings (or, without
    them, written to its log)."""

    def queue(session) -> int:
        recipients = [u.email for u in users.lookup(session, body.organization_id, body.user_ids) if u.is_active]
        recipients += body.emails
        for to in dict.fromkeys(recipients):
            enqueue_mail(
                session,
                ctx.outbox,
                to=to,
                subject=body.subject,
                body=body.body,
                kind=body.kind,
                organization_id=body.organization_id,
                participant_ids=body.participant_ids,
            )
        return len(set(recipients))

    return {"queued": db.transaction(queue)}
