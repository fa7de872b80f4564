from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, computed_field
from pydantic_core import PydanticCustomError

from omni_common.auth.principal import Role

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
Category = Annotated[str, StringConstraints(pattern=r"^(present|late|absent|excused|other)$")]
Weight = Annotated[Decimal, Field(ge=0, le=1, max_digits=4, decimal_places=3)]


def _recording_roles(roles: list[Role]) -> list[Role]:
    if Role.manager in roles:
        raise PydanticCustomError("wrong_role", "Managers do not record presence.")
    return roles


# Who may record a state: admin, frontline, external (self check-in). Managers only read.
RecordingRoles = Annotated[list[Role], AfterValidator(_recording_roles)]


class StateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    domain: str
    code: str
    label: str
    color: str
    category: str
    weight: float | None
    sort_order: int
    roles: list[str] | None
    is_default: bool
    retired_at: datetime | None = Field(exclude=True)

    @computed_field
    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class Terminology(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participant: Label
    participants: Label
    group: Label
    groups: Label
    session: Label
    sessions: Label
    # The verbs on check-in buttons and kiosks ("Check in guest", "Clock in"); unset, the preset's
    # or "Check in" and "Check out".
    check_in: Label | None = None
    check_out: Label | None = None


class DomainOut(BaseModel):
    code: str
    name: str
    terminology: Terminology
    is_preset: bool
    states: list[StateOut]


class DomainCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "choir",
                    "name": "Choir",
                    "terminology": {
                        "participant": "Singer",
                        "participants": "Singers",
                        "group": "Choir",
                        "groups": "Choirs",
                        "session": "Rehearsal",
                        "sessions": "Rehearsals",
                    },
                }
            ]
        },
    )

    code: Code
    name: Label
    terminology: Terminology


class DomainPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Chamber choir"}]})

    name: Label | None = None
    terminology: Terminology | None = None


class StateCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "domain": "education",
                    "code": "field_trip",
                    "label": "On a field trip",
                    "color": "#1b7f3b",
                    "category": "present",
                    "weight": 1,
                }
            ]
        },
    )

    domain: Code
    code: Code
    label: Label
    color: Color
    category: Category
    weight: Weight | None = None
    sort_order: int = Field(0, ge=0, le=10_000)
    roles: RecordingRoles | None = None
    is_default: bool = False


class StatePatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"label": "Late (after registration)", "weight": 0.8}]}
    )

    label: Label | None = None
    color: Color | None = None
    category: Category | None = None
    weight: Weight | None = None
    sort_order: int | None = Field(None, ge=0, le=10_000)
    roles: RecordingRoles | None = None
    is_default: bool | None = None
