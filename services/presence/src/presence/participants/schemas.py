from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, StringConstraints, computed_field
from pydantic_core import PydanticCustomError

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ExternalRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,8}$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()./-]{2,48}$")]
AttributeValue = str | int | float | bool | None


def _attributes(value: dict[str, Any]) -> dict[str, Any]:
    if len(value) > 50:
        raise PydanticCustomError("too_many", "At most 50 attributes.")
    for key, item in value.items():
        if not 1 <= len(key) <= 64:
            raise PydanticCustomError("too_long", "Attribute names are 1 to 64 characters.")
        if isinstance(item, str) and len(item) > 500:
            raise PydanticCustomError("too_long", "The attribute {key} is longer than 500 characters.", {"key": key})
    return value


Attributes = Annotated[dict[str, AttributeValue], AfterValidator(_attributes)]


class ParticipantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    external_ref: str | None
    email: str | None
    phone: str | None
    attributes: dict[str, Any]
    is_active: bool
    # Added on the spot to one session's roster, not (yet) merged into a participant.
    walk_in: bool = False
    created_at: datetime
    # When the participant was erased (SPEC §6.5): the name is then a neutral label and every
    # personal value is gone; lists may hide or mark them.
    erased_at: datetime | None = None
    pin_hash: str | None = Field(None, exclude=True)

    @computed_field
    @property
    def has_pin(self) -> bool:
        """Whether a kiosk asks this participant for a PIN."""
        return self.pin_hash is not None


class ParticipantCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Ana Lima",
                    "external_ref": "S-1042",
                    "email": "ana.parent@example.com",
                    "attributes": {"year": 9},
                }
            ]
        },
    )

    name: Name
    external_ref: ExternalRef | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    attributes: Attributes = Field(default_factory=dict)


class ParticipantPatch(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"phone": "+44 20 7946 0958", "pin": "4821"}]}
    )

    name: Name | None = None
    external_ref: ExternalRef | None = None
    email: EmailStr | None = None
    phone: Phone | None = None
    attributes: Attributes | None = None
    is_active: bool | None = None
    # The PIN a kiosk asks for with this participant's badge: 4 to 8 digits; null removes it.
    pin: Pin | None = None
    # false keeps a walk-in as a participant of their own (SPEC §3.3): they leave the walk-ins to
    # match. Nobody becomes a walk-in afterwards.
    walk_in: Literal[False] | None = None


class ImportError_(BaseModel):
    row: int | None
    field: str
    message: str
    # A stable snake_case reason, as every problem's field errors carry one (SPEC §8).
    code: str = "invalid_row"


class ImportResult(BaseModel):
    created: int
    updated: int
    errors: list[ImportError_]
    dry_run: bool
    # The participants the import made or updated (none in a dry run), to add them to a group, say.
    participant_ids: list[str] = []
