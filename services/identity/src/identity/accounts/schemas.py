from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from identity.users.schemas import Email, FullName, Id, Password, UserOut
from omni_common.auth.principal import Role

Secret = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class InvitationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "amara.osei@example.com", "full_name": "Amara Osei", "role": "frontline"}]
        },
    )

    email: Email
    full_name: FullName
    role: Role
    participant_id: Id | None = None


class InvitationOut(BaseModel):
    """The invitation was mailed; the link is also given to the administrator once, to pass on by
    hand if the mail does not arrive."""

    user: UserOut
    expires_at: datetime
    invitation_url: str


class TokenBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"token": "the token from the invitation link"}]}
    )

    token: Secret


class InvitationPreview(BaseModel):
    email: str
    full_name: str
    organization_name: str


class AcceptInvitation(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"token": "the token from the invitation link", "password": "a long passphrase"}]
        },
    )

    token: Secret
    password: Password


class AccountReady(BaseModel):
    """The account can sign in now, with this email."""

    email: str


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"email": "teacher@example.com"}]})

    email: Email


class PasswordResetRequested(BaseModel):
    detail: str


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"token": "the token from the reset link", "password": "a new long passphrase"}]
        },
    )

    token: Secret
    password: Password


class PasswordChange(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"current_password": "the old passphrase", "new_password": "a new long passphrase"}]
        },
    )

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: Password


class InvitationCodeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"full_name": "Eli Evans", "participant_id": "01a21a00-0000-7000-8000-0000000000c3"}]
        },
    )

    full_name: FullName
    participant_id: Id | None = None


class InvitationCodeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    full_name: str | None
    participant_id: str | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    # Only in the answer that creates it: the code is kept as a hash.
    code: str | None = None


class CodeSignUp(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"code": "K7P-QX2-M9", "email": "eli.evans@example.com", "password": "a long passphrase"}]
        },
    )

    code: Secret
    email: Email
    password: Password
