from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from omni_common.schemas import Day, Id, Instant
from presence.participants.schemas import ParticipantOut

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class GroupSettings(BaseModel):
    """How the group's sessions behave."""

    model_config = ConfigDict(extra="forbid")

    # A check-in this many minutes after the start is late.
    late_after_minutes: int = Field(5, ge=0, le=24 * 60)
    # Closing a session marks everyone still unmarked with this state (provisionally); None: nobody.
    close_marks_unmarked_as: Code | None = None
    # A worker closes each session this many minutes after its end; None: staff close them.
    close_after_minutes: int | None = Field(None, ge=0, le=7 * 24 * 60)
    # Tell a participant's contact email when they are marked absent: True, False, or None for the
    # organization's rule.
    absent_to_contact: bool | None = None


class GroupSettingsPatch(BaseModel):
    """Only the settings given change; the others keep their value."""

    model_config = ConfigDict(extra="forbid")

    late_after_minutes: int | None = Field(None, ge=0, le=24 * 60)
    close_marks_unmarked_as: Code | None = None
    close_after_minutes: int | None = Field(None, ge=0, le=7 * 24 * 60)
    absent_to_contact: bool | None = None


class GroupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    domain: str
    description: str | None
    settings: GroupSettings
    archived_at: datetime | None
    created_at: datetime


class GroupCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Year 9 Maths",
                    "domain": "education",
                    "description": "Set 2",
                    "settings": {"late_after_minutes": 5, "close_marks_unmarked_as": "absent"},
                }
            ]
        },
    )

    name: Name
    domain: Code
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    settings: GroupSettings = Field(default_factory=GroupSettings)


class GroupPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Year 9 Maths (set 2)", "settings": {"late_after_minutes": 10}}]},
    )

    name: Name | None = None
    description: Annotated[str, StringConstraints(max_length=2000)] | None = None
    settings: GroupSettingsPatch | None = None


class MemberOut(BaseModel):
    participant: ParticipantOut
    starts_at: datetime
    ends_at: datetime | None


class MembersAdd(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"participant_ids": ["01a21a00-0000-7000-8000-0000000000c3"], "starts_at": "2026-09-01T08:00:00+01:00"}
            ]
        },
    )

    participant_ids: list[Id] = Field(min_length=1, max_length=5000)
    # Members from this time (default now): an earlier one puts them on past sessions' rosters, so
    # their registers can be filled in afterwards. A time without a zone is the organization's.
    starts_at: Instant | None = None


class MembersAdded(BaseModel):
    added: int
    already_members: int


class StaffAdd(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {"user_ids": ["01a21a00-0000-7000-8000-0000000000d4"], "from": "2026-09-14", "to": "2026-09-18"}
            ]
        },
    )

    user_ids: list[Id] = Field(min_length=1, max_length=200)
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None

    @field_validator("to")
    @classmethod
    def _after_from(cls, to: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("from_")
        if to and start and to < start:
            raise PydanticCustomError("before_from", "'to' is before 'from'.")
        return to


class StaffOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    user_id: str
    full_name: str | None
    from_: date | None = Field(None, serialization_alias="from")
    to: date | None
