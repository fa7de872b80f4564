"""Invitations, invitation codes, password reset and change, a new email address confirmed."""

from fastapi import APIRouter, Response, status

from identity.accounts import email_change, service
from identity.accounts.schemas import (
    AcceptInvitation,
    AccountReady,
    CodeSignUp,
    InvitationCodeCreate,
    InvitationCodeOut,
    InvitationCreate,
    InvitationOut,
    InvitationPreview,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    PasswordResetRequested,
    TokenBody,
)
from identity.context import ClientAddress, Ctx
from identity.users.schemas import UserOut
from omni_common.auth.dependencies import Admin, AnyUser
from omni_common.kit import Db
from omni_common.pagination import Page

router = APIRouter(tags=["accounts"])


def _invitation_out(result) -> InvitationOut:
    user, row, url = result
    return InvitationOut(user=UserOut.model_validate(user), expires_at=row.expires_at, invitation_url=url)


@router.post(
    "/api/invitations",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationOut,
    summary="Invite a user by email",
)
def invite(
    body: InvitationCreate,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Add a user and mail them a link to choose their password (administrators)."""
    ctx.participants.require(principal.organization_id, body.participant_id)
    return db.transaction(lambda s: _invitation_out(service.invite(s, ctx, principal, body)))


@router.post(
    "/api/users/{user_id}/invitation",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationOut,
    summary="Send a user a new invitation",
)
def reinvite(
    user_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Mail a new invitation link to a user who has not set a password yet; older links stop working."""
    return db.transaction(lambda s: _invitation_out(service.reinvite(s, ctx, principal, user_id)))


@router.post("/api/auth/invitation", response_model=InvitationPreview, summary="Who an invitation is for")
def preview_invitation(body: TokenBody, db: Db):
    """Who an invitation link is for (only its holder can ask)."""
    return db.read(service.preview_invitation, body.token)


@router.post(
    "/api/auth/invitation/accept", response_model=AccountReady, summary="Accept an invitation and choose a password"
)
def accept_invitation(body: AcceptInvitation, db: Db, ctx: Ctx):
    """Choose a password with an invitation link (it works once); then sign in."""
    return db.transaction(lambda s: AccountReady(email=service.accept_invitation(s, ctx, body).email))


@router.get("/api/invitation-codes", response_model=Page[InvitationCodeOut], summary="List invitation codes")
def list_codes(principal: Admin, db: Db):
    """One-time invitation codes of the organization, newest first (the codes themselves are not kept)."""
    return db.read(
        lambda s: Page(items=[InvitationCodeOut.model_validate(r) for r in service.list_codes(s, principal)])
    )


@router.post(
    "/api/invitation-codes",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationCodeOut,
    summary="Make an invitation code",
)
def create_code(
    body: InvitationCodeCreate,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """A one-time code with which an external participant without email makes their account.
    The code is in this answer only."""

    ctx.participants.require(principal.organization_id, body.participant_id)

    def create(session):
        row, code = service.create_code(session, ctx, principal, body)
        return InvitationCodeOut.model_validate(row).model_copy(update={"code": code})

    return db.transaction(create)


@router.post(
    "/api/auth/code-sign-up",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountReady,
    summary="Make an account with an invitation code",
)
def sign_up_with_code(body: CodeSignUp, db: Db, ctx: Ctx, address: ClientAddress):
    """Make a participant's account with a one-time invitation code; then sign in."""
    return db.transaction(
        lambda s: AccountReady(email=service.sign_up_with_code(s, ctx, body, client_address=address).email)
    )


@router.post("/api/auth/password", status_code=status.HTTP_204_NO_CONTENT, summary="Change my password")
def change_password(
    body: PasswordChange,
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """Change my password (the current one is required). My other sessions end; this one stays."""
    db.transaction(service.change_password, ctx, principal, body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=PasswordResetRequested,
    summary="Ask for a password reset link",
)
def request_password_reset(
    body: PasswordResetRequest,
    address: ClientAddress,
    db: Db,
    ctx: Ctx,
):
    """Mail a link to choose a new password. The answer is the same whether or not the email has an account."""
    db.transaction(service.request_password_reset, ctx, body.email, client_address=address)
    return PasswordResetRequested(detail=service.RESET_ANSWER)


@router.post(
    "/api/auth/password-reset/confirm", response_model=AccountReady, summary="Choose a new password with a reset link"
)
def confirm_password_reset(body: PasswordResetConfirm, db: Db, ctx: Ctx):
    """Choose a new password with a reset link (it works once). Every session of the account ends."""
    return db.transaction(lambda s: AccountReady(email=service.confirm_password_reset(s, ctx, body).email))


@router.post(
    "/api/auth/email-change/confirm", response_model=AccountReady, summary="Confirm a new email address with its link"
)
def confirm_email_change(body: TokenBody, db: Db, ctx: Ctx):
    """The address a confirmation link was mailed to becomes the account's email (the link works once)."""
    return db.transaction(lambda s: AccountReady(email=email_change.confirm(s, ctx, body.token).email))
