from pydantic import BaseModel, ConfigDict, Field

from identity.users.schemas import Email, UserOut


class Login(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"email": "teacher@example.com", "password": "a long passphrase"}]},
    )

    email: Email
    password: str = Field(min_length=1, max_length=1024)
    totp: str | None = Field(None, max_length=16)


class RefreshRequest(BaseModel):
    """The refresh token comes from the cookie (the SPA) or from here (API clients)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"refresh_token": "the refresh token of the sign-in"}]}
    )

    refresh_token: str | None = Field(None, max_length=256)


class TwoFactorEnrol(BaseModel):
    """Finish a sign-in that requires setting up two-factor first."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"enrolment_token": "the token of the refused sign-in", "code": "492817"}]},
    )

    enrolment_token: str = Field(min_length=1, max_length=128)
    code: str = Field(min_length=1, max_length=16)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str
    user: UserOut


class SignedInWithRecoveryCodes(TokenOut):
    """Signed in, and two-factor is on: the recovery codes are shown this once."""

    recovery_codes: list[str]
