"""Who is calling: the verified claims of an access token, checked against the login session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo


class Role(StrEnum):
    admin = "admin"
    manager = "manager"
    frontline = "frontline"
    external = "external"


@dataclass(frozen=True)
class Principal:
    user_id: str
    organization_id: str
    role: Role
    session_id: str
    participant_id: str | None
    timezone: str
    authz_version: int

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_claims(cls, claims: dict) -> Principal:
        return cls(
            user_id=claims["sub"],
            organization_id=claims["org"],
            role=Role(claims["role"]),
            session_id=claims["sid"],
            participant_id=claims.get("pid"),
            timezone=claims.get("tz") or "UTC",
            authz_version=int(claims.get("av", 0)),
        )
