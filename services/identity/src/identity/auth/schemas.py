from pydantic import BaseModel, ConfigDict, Field

from identity.users.schemas import Email, UserOut


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    password: str = Field(min_length=1, max_length=1024)
    totp: str | None = Field(None, max_length=16)


class RefreshRequest(BaseModel):
    """The refresh token comes from the cookie (the SPA) or from here (API clients)."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str | None = Field(None, max_length=256)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str
    user: UserOut
