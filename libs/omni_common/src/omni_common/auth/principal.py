"""Who is calling: the verified claims of an access token, checked against the login session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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
    authz_version: int
    # The organization's timezone when the caller knows it already (a worker, an internal route);
    # otherwise ``timezones`` is asked for it the first time it is needed.
    known_timezone: str | None = None
    timezones: Callable[[str], str] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def timezone(self) -> str:
        """The organization's timezone now. Never the access token's copy: an administrator's change
        would leave it out of date for the token's lifetime (dates and series read in the old zone)."""
        if self.known_timezone is not None:
            return self.known_timezone
        if self.timezones is not None:
            return self.timezones(self.organization_id)
        return "UTC"

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_claims(cls, claims: dict, timezones: Callable[[str], str] | None = None) -> Principal:
        """``timezones`` looks the organization's timezone up; without it (identity, which has the
        organization at hand) the token's copy stands in."""
        return cls(
            user_id=claims["sub"],
            organization_id=claims["org"],
            role=Role(claims["role"]),
            session_id=claims["sid"],
            participant_id=claims.get("pid"),
            authz_version=int(claims.get("av", 0)),
            known_timezone=None if timezones is not None else (claims.get("tz") or "UTC"),
            timezones=timezones,
        )
