"""The rulebook: whether a change to a presence record may be made (SPEC §4.1, §4.4, §4.5).

Every writer asks here — an online mark or roll call, a sync merge, a conflict's resolution, a
check-in or check-out, a self check-in, a kiosk, and the system's own writers — and maps the
answer to its own words: a 422 naming the field online, a rejection reason offline. The rules:

- the state exists in the group's domain, is not retired, and the writer's role may use it
  (the system's writers, and states the system decides itself such as a check-in's present or
  late, are not bound by a state's roles);
- the participant was a member of the session's group at the session's time, or already holds a
  record in that session (a walk-in, a merged or since-removed participant);
- a cancelled session takes nothing; a closed one takes administrators' changes, and offline
  changes made during its window;
- the session's window (from a little before it starts to a while after it ends) binds only the
  device time of an offline change and the time of a check-in or check-out: an online mark may be
  made for any session that is not closed;
- a check-out comes after its check-in;
- a provisional mark (an auto-mark at close, an advance notice's) gives way to the next human or
  device change without a conflict, whatever version that change saw.

Everything here is a pure function of facts the caller loaded: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from omni_common.auth.principal import Role
from omni_common.errors import FieldError


class StateLike(Protocol):
    code: str
    category: str
    sort_order: int
    roles: list | None
    is_default: bool
    retired_at: datetime | None


class SessionLike(Protocol):
    starts_at: datetime
    ends_at: datetime
    status: str


class Span(Protocol):
    starts_at: datetime
    ends_at: datetime | None


@dataclass(frozen=True)
class Refusal:
    """Why a change may not be made: the field it concerns (relative to the change), a stable
    code, and a sentence for people."""

    field: str
    code: str
    message: str

    def as_field_error(self, prefix: str = "") -> FieldError:
        return FieldError(f"{prefix}{self.field}", self.message, self.code)


@dataclass(frozen=True)
class Writer:
    """Who makes a change: a role (None for the system itself: auto-marks, advance notices) and
    whether it was made offline, on a device, and is being merged now."""

    role: Role | None
    offline: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin


SYSTEM = Writer(role=None)

# The sources of provisional marks: the system's own guesses, which any later change replaces.
PROVISIONAL = ("auto_mark", "advance_notice")


def is_provisional(source: str | None) -> bool:
    return source in PROVISIONAL


@dataclass(frozen=True)
class Window:
    """How long before a session starts and after it ends a device's change, or a check-in or
    check-out, still belongs to it."""

    before: timedelta
    after: timedelta

    def contains(self, session: SessionLike, at: datetime) -> bool:
        return session.starts_at - self.before <= at <= session.ends_at + self.after


def session_refusal(
    session: SessionLike, writer: Writer, window: Window, *, device_time: datetime | None = None
) -> Refusal | None:
    """Whether the session takes a change from this writer now. ``device_time``: when an offline
    change was made (by the device's corrected clock)."""
    if session.status == "cancelled":
        return Refusal("session_id", "session_cancelled", "The session was cancelled; nothing is recorded for it.")
    if writer.offline and device_time is not None and not window.contains(session, device_time):
        return Refusal("session_id", "outside_window", "Recorded outside the session's time.")
    if session.status == "closed" and not writer.is_admin and not writer.offline:
        return Refusal(
            "session_id", "session_closed", "The session is closed; only an administrator can change it now."
        )
    return None


def time_refusal(
    session: SessionLike, window: Window, at: datetime, now: datetime, field: str = "at"
) -> Refusal | None:
    """A check-in's or check-out's time: within the session's window, and not in the future."""
    if at > now + timedelta(minutes=2):
        return Refusal(field, "in_future", "That time is in the future.")
    if not window.contains(session, at):
        return Refusal(field, "outside_window", "That time is outside the session's time.")
    return None


def state_refusal(states: dict[str, StateLike], code: str, writer: Writer) -> Refusal | None:
    """``states``: every state of the group's domain by code, retired ones included."""
    state = states.get(code)
    if state is None:
        return Refusal("state", "no_such_state", f"No state {code!r} in the group's domain.")
    if state.retired_at is not None:
        return Refusal("state", "state_retired", f"The state {code!r} is retired; choose another.")
    if writer.role is not None and state.roles is not None and writer.role not in state.roles:
        return Refusal("state", "state_not_for_role", "Your role may not record this state.")
    return None


def was_member(memberships: Iterable[Span], session: SessionLike) -> bool:
    """Whether any of the participant's memberships of the group overlaps the session."""
    return any(
        m.starts_at < session.ends_at and (m.ends_at is None or m.ends_at > session.starts_at) for m in memberships
    )


def participant_refusal(on_roster: bool) -> Refusal | None:
    """``on_roster``: a member of the group while the session ran, or already recorded in it."""
    if not on_roster:
        return Refusal("participant_id", "not_a_member", "Not a member of the session's group.")
    return None


def times_refusal(check_in_at: datetime | None, check_out_at: datetime | None) -> Refusal | None:
    if check_in_at and check_out_at and check_out_at < check_in_at:
        return Refusal("check_out_at", "check_out_before_check_in", "Check-out is before check-in.")
    return None


def first(*refusals: Refusal | None) -> Refusal | None:
    return next((r for r in refusals if r is not None), None)


# --- the states a check-in decides ---------------------------------------------------------------


def usable(states: Iterable[StateLike]) -> list[StateLike]:
    return sorted((s for s in states if s.retired_at is None), key=lambda s: (s.sort_order, s.code))


def present_state(states: Iterable[StateLike]) -> StateLike | None:
    """The domain's default state if it means present, else its first present state by order."""
    ordered = usable(states)
    default = next((s for s in ordered if s.is_default), None)
    if default is not None and default.category == "present":
        return default
    return next((s for s in ordered if s.category == "present"), None)


def late_state(states: Iterable[StateLike]) -> StateLike | None:
    """The domain's first state of category late (None: the domain has none, say a hotel's)."""
    return next((s for s in usable(states) if s.category == "late"), None)


def is_late(session: SessionLike, late_after_minutes: int, at: datetime) -> bool:
    """Late is strictly after the grace: arriving exactly at the grace minute is on time."""
    return at > session.starts_at + timedelta(minutes=late_after_minutes)


def arrival_state(states: Iterable[StateLike], session: SessionLike, late_after_minutes: int, at: datetime):
    """The state a check-in at ``at`` records: late past the grace when the domain has a late state,
    otherwise its present state. None when the domain has no present state at all."""
    states = list(states)
    if is_late(session, late_after_minutes, at):
        late = late_state(states)
        if late is not None:
            return late
    return present_state(states)
