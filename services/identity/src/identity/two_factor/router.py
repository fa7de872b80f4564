"""Two-factor sign-in: my own set-up, and an administrator's reset of someone else's."""

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from identity.context import Ctx
from identity.two_factor import service
from identity.users.schemas import UserOut
from omni_common.auth.dependencies import Admin, AnyUser
from omni_common.kit import Db

router = APIRouter(tags=["two-factor"])


class EnrolmentOut(BaseModel):
    secret: str
    otpauth_uri: str
    # An SVG image as a data: URI, for an <img>.
    qr_code: str


class CodeBody(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"code": "492817"}]})

    code: str = Field(min_length=1, max_length=16)


class PasswordBody(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"password": "a long passphrase"}]})

    password: str = Field(min_length=1, max_length=1024)


class RecoveryCodes(BaseModel):
    recovery_codes: list[str]


@router.post("/api/auth/two-factor/setup", response_model=EnrolmentOut, summary="Start setting up two-factor")
def setup(principal: AnyUser, db: Db, ctx: Ctx):
    """Start setting up two-factor: a new secret and its QR code for an authenticator app."""
    return db.transaction(lambda s: EnrolmentOut(**service.setup(s, ctx, principal).as_dict()))


@router.post("/api/auth/two-factor/enable", response_model=RecoveryCodes, summary="Turn two-factor on")
def enable(
    body: CodeBody,
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """Turn two-factor on with a code from the app. The recovery codes are in this answer only."""
    return db.transaction(lambda s: RecoveryCodes(recovery_codes=service.enable(s, ctx, principal, body.code)))


@router.post("/api/auth/two-factor/disable", status_code=status.HTTP_204_NO_CONTENT, summary="Turn two-factor off")
def disable(
    body: PasswordBody,
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """Turn two-factor off (the password is required)."""
    db.transaction(service.disable, ctx, principal, body.password)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/users/{user_id}/two-factor/reset", response_model=UserOut, summary="Turn a user's two-factor off")
def reset(
    user_id: str,
    principal: Admin,
    db: Db,
    ctx: Ctx,
):
    """Turn a user's two-factor off, e.g. after a lost phone (administrators); they set it up again."""
    return db.transaction(lambda s: UserOut.model_validate(service.reset_for_user(s, ctx, principal, user_id)))
