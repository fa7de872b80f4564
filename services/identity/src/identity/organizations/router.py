from fastapi import APIRouter, status

from identity.context import Ctx
from identity.organizations import service
from identity.organizations.schemas import (
    CloseOrganization,
    OrganizationClosed,
    OrganizationOut,
    OrganizationPatch,
    SignUp,
    SignUpOut,
)
from identity.users.schemas import UserOut
from omni_common.auth.dependencies import Admin, AnyUser
from omni_common.errors import Forbidden
from omni_common.kit import Db

router = APIRouter(prefix="/api/organizations", tags=["organizations"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=SignUpOut,
    summary="Sign up: a new organization and its administrator",
)
def sign_up(body: SignUp, db: Db, ctx: Ctx):
    """Create an organization and its first administrator, who can sign in at once (sign-up; can be
    switched off). The answer is the same whether or not the email has an account: for one that
    has, nothing is made and the address is told by mail."""
    if not ctx.settings.signup_enabled:
        raise Forbidden("Sign-up is switched off on this installation.")

    def create(session):
        org, user = service.sign_up(session, ctx, body)
        return SignUpOut(organization=OrganizationOut.model_validate(org), user=UserOut.model_validate(user))

    return db.transaction(create)


@router.get("/current", response_model=OrganizationOut, summary="The caller's organization and its settings")
def get_current(principal: AnyUser, db: Db):
    """The caller's organization and its settings."""
    return db.read(lambda s: OrganizationOut.model_validate(service.current_organization(s, principal)))


@router.patch("/current", response_model=OrganizationOut, summary="Change the organization's settings")
def patch_current(
    body: OrganizationPatch,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Change the organization's settings (administrators). `presence_retention_days` and
    `report_retention_days` (1-36500, or null to keep for ever) say how long presence data (after
    their session's end) and report files (after completion) are kept before a worker purges them."""
    return db.transaction(
        lambda s: OrganizationOut.model_validate(service.update_organization(s, ctx, principal, body))
    )


@router.post("/current/close", response_model=OrganizationClosed, summary="Close the organization")
def close_current(body: CloseOrganization, principal: Admin, db: Db, ctx: Ctx):
    """Close the organization for good (administrators), confirmed by typing its name (`confirm`,
    compared after trimming, case-sensitive; anything else is a 422 naming `confirm`). Every login
    session ends at once and every token is refused, every sign-in of its users answers as a wrong
    password does, and its data is purged in every service at `purge_at`. It cannot be reopened."""
    return db.transaction(service.close_organization, ctx, principal, body)
