from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints

from omni_common.auth.principal import Role
from omni_common.schemas import Id

PASSWORD_MIN = 10

Password = Annotated[str, StringConstraints(min_length=PASSWORD_MIN, max_length=1024)]
FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[EmailStr, AfterValidator(str.lower)]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    # A new address waiting to be confirmed from its own mailbox (PATCH with another email).
    pending_email: str | None = None
    full_name: str
    role: Role
    organization_id: str
    participant_id: str | None
    is_active: bool
    created_at: datetime
    two_factor_enabled: bool = False
    # False for someone invited who has not set a password yet.
    has_password: bool = True
    last_login_at: datetime | None = None


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "email": "jonas.berg@example.com",
                    "full_name": "Jonas Berg",
                    "role": "frontline",
                    "password": "a long passphrase",
                }
            ]
        },
    )

    email: Email
    full_name: FullName
    role: Role
    password: Password | None = None
    participant_id: Id | None = None


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "manager"}]})

    email: Email | None = None
    full_name: FullName | None = None
    role: Role | None = None
    password: Password | None = None
    participant_id: Id | None = None
