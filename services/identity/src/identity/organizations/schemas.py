from datetime import datetime
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from identity.users.schemas import Email, Password, UserOut

PRESET_DOMAINS = ("education", "hospitality", "workplace", "healthcare", "community")
_TIMEZONES = frozenset(available_timezones())


def _timezone(value: str) -> str:
    if value not in _TIMEZONES:
        raise PydanticCustomError("not_a_timezone", "Not an IANA timezone (for example Europe/London).")
    return value


def _distinct(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("repeated", "Each domain may be listed once.")
    return value


Timezone = Annotated[str, AfterValidator(_timezone)]
DomainCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
PresetDomain = Annotated[str, StringConstraints(pattern="^(" + "|".join(PRESET_DOMAINS) + ")$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Days data is kept: at least a day, at most a hundred years.
MAX_RETENTION_DAYS = 36_500
RetentionDays = Annotated[int, Field(ge=1, le=MAX_RETENTION_DAYS)]


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    timezone: str
    domains: list[str]
    session_inactivity_minutes: int
    attendance_threshold_percent: int
    require_admin_two_factor: bool
    # Days presence data (after their session's end) and report files (after completion) are kept;
    # null keeps them for ever.
    presence_retention_days: int | None = None
    report_retention_days: int | None = None


class SignUp(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Riverside School",
                    "domain": "education",
                    "admin_email": "office@riverside.example",
                    "admin_password": "a long passphrase",
                    "admin_name": "Alex Admin",
                    "timezone": "Europe/London",
                }
            ]
        },
    )

    name: Name
    domain: PresetDomain
    admin_email: Email
    admin_password: Password
    admin_name: Name
    timezone: Timezone = "UTC"


class SignUpOut(BaseModel):
    organization: OrganizationOut
    user: UserOut


class OrganizationPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"timezone": "Europe/London", "session_inactivity_minutes": 30, "attendance_threshold_percent": 90}
            ]
        },
    )

    name: Name | None = None
    timezone: Timezone | None = None
    domains: Annotated[list[DomainCode], Field(min_length=1, max_length=32), AfterValidator(_distinct)] | None = None
    session_inactivity_minutes: int | None = Field(None, ge=1, le=7 * 24 * 60)
    attendance_threshold_percent: int | None = Field(None, ge=0, le=100)
    require_admin_two_factor: bool | None = None
    # null: keep for ever.
    presence_retention_days: RetentionDays | None = None
    report_retention_days: RetentionDays | None = None


class OrganizationSettings(OrganizationOut):
    """What other services cache of an organization (identity's internal route): its settings, and
    whether it was closed."""

    closed_at: datetime | None = None


class CloseOrganization(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"confirm": "Riverside Primary"}]})

    # The organization's name, typed to confirm (compared after trimming, case-sensitive).
    confirm: Annotated[str, StringConstraints(max_length=400)]


class OrganizationClosed(BaseModel):
    id: str
    name: str
    closed_at: datetime
    # When every service purges the organization's data (OMNI_CLOSED_ORG_PURGE_DAYS after closing).
    purge_at: datetime
