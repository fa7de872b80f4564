"""Erasing a person's values from what a service keeps (SPEC §6.5): one shape in every service.

A service erasing a participant knows two things: the ids that are about them (the participant,
their records, the linked login ...) and, where it holds them, their values (a name, an email).
A :class:`Redactor` rewrites text and JSON with both:

- **by structure**: in a JSON object about them (one whose ``id``, ``participant_id``, ``user_id``
  or ``record_id`` is one of their ids, or a whole audit entry about them) the personal fields
  (:data:`PERSONAL_KEYS`) are replaced: a name by a neutral label, a note, a contact or a reference
  by null, attributes by ``{}``. Notes and attributes are only ever erased this way: a note such as
  "late bus" is no one's value to hunt for elsewhere;
- **by value**: every string anywhere is searched for the person's values (case-insensitively,
  as whole words where the script has words; in their JSON-escaped form too, for text that holds
  JSON) and each one found is replaced. Values too short to be told from ordinary words (a
  one-letter name, a two-digit reference) are left to the structural pass.

JSON is parsed and rewritten, never searched as text: a name stored as ``\\u015eule`` is found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Text, cast, or_
from sqlalchemy.orm import Session

from omni_common.tenancy import select_in_org

ERASED = "[erased]"
PARTICIPANT_LABEL = "Erased participant"
USER_LABEL = "Erased user"

# Fields that hold a person's values, and what replaces each (None: the field becomes null).
PERSONAL_KEYS: dict[str, Any] = {
    "name": PARTICIPANT_LABEL,
    "full_name": USER_LABEL,
    "external_ref": None,
    "email": None,
    "phone": None,
    "attributes": {},
    "note": None,
    "badge": ERASED,
    "pin": None,
    "to": ERASED,
    "emails": [],
}
# Keys whose value, when it is one of the person's ids, makes the object about them.
ABOUT_KEYS = ("id", "participant_id", "user_id", "record_id")

# Scripts written without spaces between words: a value in them is matched anywhere.
_UNSPACED = ((0x0E00, 0x0E7F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _unspaced(char: str) -> bool:
    code = ord(char)
    return code >= 0x20000 or any(low <= code <= high for low, high in _UNSPACED)


def _worded(char: str) -> bool:
    """Whether a match must not continue into the letters beside it (a word of a spaced script)."""
    return (char.isalnum() or char == "_") and not _unspaced(char)


def _long_enough(value: str) -> bool:
    """A value that stands for a person rather than a common word or number."""
    if any(_unspaced(c) for c in value):
        return len(value) >= 2
    return len(value) >= 3 or (len(value) >= 2 and not value.isdigit())


def _pattern(value: str) -> str:
    escaped = re.escape(value)
    return ("(?<!\\w)" if _worded(value[0]) else "") + escaped + ("(?!\\w)" if _worded(value[-1]) else "")


@dataclass
class Redactor:
    """``values``: a person's value -> what replaces it in text; ``ids``: what is about them."""

    values: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        wanted: dict[str, str] = {}
        originals: list[str] = []
        for value, replacement in self.values.items():
            value = (value or "").strip()
            if not value or not _long_enough(value):
                continue
            # The value itself, and as it reads inside text that holds JSON (ASCII-escaped).
            for form in dict.fromkeys((value, json.dumps(value)[1:-1])):
                wanted[form.casefold()] = replacement
                originals.append(form)
        self._replacements = wanted
        self._originals = originals
        ordered = sorted(wanted, key=len, reverse=True)
        self._regex = re.compile("|".join(_pattern(v) for v in ordered), re.IGNORECASE) if ordered else None
        self.ids = {i for i in self.ids if i}

    @property
    def searched_values(self) -> list[str]:
        """What a query may look for to find rows that may hold the values (and escaped forms)."""
        return list(dict.fromkeys(self._originals))

    def text(self, value: str | None) -> str | None:
        """``value`` with every one of the person's values replaced."""
        if not value or self._regex is None:
            return value
        return self._regex.sub(lambda m: self._replacements.get(m.group(0).casefold(), ERASED), value)

    def about(self, node: Any) -> bool:
        return isinstance(node, dict) and any(node.get(k) in self.ids for k in ABOUT_KEYS if k in node)

    def json(self, node: Any, *, about: bool = False) -> Any:
        """A copy of ``node`` with the person erased; ``about``: the whole of it is about them (an
        audit entry of their record), so personal fields are erased at every depth."""
        if isinstance(node, dict):
            here = about or self.about(node)
            out = {}
            for key, value in node.items():
                if here and key in PERSONAL_KEYS and value not in (None, "", [], {}):
                    out[key] = PERSONAL_KEYS[key]
                else:
                    out[key] = self.json(value, about=about)
            return out
        if isinstance(node, list):
            return [self.json(v, about=about) for v in node]
        if isinstance(node, str):
            return self.text(node)
        return node

    def changed(self, node: Any, *, about: bool = False) -> tuple[Any, bool]:
        """``(erased copy, whether anything changed)``."""
        new = self.json(node, about=about)
        return new, new != node

    def row(
        self, row: Any, json_columns: Iterable[str], text_columns: Iterable[str] = (), *, about: bool = False
    ) -> bool:
        """Erase the person from a row's columns in place; whether anything changed."""
        touched = False
        for column in json_columns:
            value, changed = self.changed(getattr(row, column), about=about)
            if changed:
                setattr(row, column, value)
                touched = True
        for column in text_columns:
            value = getattr(row, column)
            if value and (new := self.text(value)) != value:
                setattr(row, column, new)
                touched = True
        return touched


def like_patterns(values: Iterable[str]) -> list[str]:
    """LIKE patterns (escape character ``\\``) that find text containing any of ``values``."""
    out = []
    for value in dict.fromkeys(v for v in values if v):
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(f"%{escaped}%")
    return out


class ErasureRequest(BaseModel):
    """What presence's worker asks another service to erase, ``POST /internal/erasures``: ids only,
    never a personal value (the outbox keeps its messages)."""

    model_config = ConfigDict(extra="forbid")

    organization_id: str = Field(max_length=36)
    participant_id: str = Field(max_length=36)
    # The groups the participant ever belonged to or was recorded in.
    group_ids: list[str] = Field(default_factory=list, max_length=10_000)


# --- the queries every service's erasure makes (each scoped to the organization) -----------------

CHUNK = 500


def chunks(ids: list[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def like_any(columns: Iterable, patterns: list[str]):
    """A condition: any of ``columns`` (JSON ones as their text) contains any of the patterns."""
    return or_(*(cast(column, Text).like(p, escape="\\") for column in columns for p in patterns))


def mentioning(session: Session, model: type, organization_id: str, columns: list, patterns: list[str]) -> list:
    """The organization's rows of ``model`` whose ``columns`` may mention the person: a superset
    (LIKE is only a first look), each then erased as JSON or text by a Redactor."""
    if not patterns:
        return []
    return list(session.scalars(select_in_org(model, organization_id).where(like_any(columns, patterns))))


def audit_about(session: Session, audit_model: type, organization_id: str, entity: str, ids: list[str]) -> list:
    """The organization's audit entries of these entities (each of them about the person)."""
    found: list = []
    for chunk in chunks(ids):
        found += session.scalars(
            select_in_org(audit_model, organization_id).where(
                audit_model.entity == entity, audit_model.entity_id.in_(chunk)
            )
        )
    return found


def erased_before(session: Session, audit_model: type, organization_id: str, participant_id: str) -> bool:
    """Whether this service erased the participant already: its erasure is one transaction that
    ends with its audit entry, so the entry means it is done."""
    stmt = select_in_org(audit_model, organization_id).where(
        audit_model.entity == "participant",
        audit_model.entity_id == participant_id,
        audit_model.action == "erase",
    )
    return session.scalars(stmt.with_only_columns(audit_model.id).limit(1)).first() is not None
