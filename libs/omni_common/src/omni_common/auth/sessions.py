"""The login-session check every service makes on every request (SPEC §3.2).

Identity's database is the truth; Redis holds a cache every service reads:

- ``omni:ls:<sid>`` — the session's state (active or ended, user, role, authorization version,
  idle timeout), kept ``session_cache_seconds``. A service fills it from identity with SET NX, so a
  fill never overwrites the "ended" identity wrote meanwhile; identity overwrites it on logout,
  deactivation or a role change. A Redis that restarts empty (or from an old snapshot, whose
  entries expire within seconds) therefore cannot bring a revoked session back: the next fill asks
  the database.
- ``omni:ls:<sid>:seen`` — when the user last acted, expiring after the idle timeout. Fills pass it
  to identity, which keeps the later of it and its own record, so a lost Redis can only end a
  session early, never keep it alive.

When Redis cannot be reached every check asks identity directly (slower, never laxer).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from typing import Protocol

import redis

from omni_common.errors import Unauthorized

log = logging.getLogger(__name__)

ACTIVE = "active"
ENDED = "ended"


@dataclass
class SessionState:
    status: str
    user_id: str
    organization_id: str
    role: str
    authz_version: int
    idle_seconds: int
    last_activity_at: float  # epoch seconds
    reason: str | None = None

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: bytes | str) -> SessionState:
        return cls(**json.loads(raw))


class SessionStateSource(Protocol):
    def fetch(self, sid: str, *, last_seen: float | None, touch: bool) -> SessionState | None:
        """The state in identity's database; ends the session there if it has been idle too long.
        ``last_seen`` is the latest activity the cache knew; ``touch`` records activity now."""
        ...


def state_key(sid: str) -> str:
    return f"omni:ls:{sid}"


def seen_key(sid: str) -> str:
    return f"omni:ls:{sid}:seen"


# Read a session's cached state and last activity; for a user action (ARGV[2] = 1) on an active
# session that is not idle, record the activity now. Atomic, so an idle session is never revived.
TOUCH = """
local state = redis.call('GET', KEYS[1])
local seen = redis.call('GET', KEYS[2])
if state and seen and ARGV[2] == '1' then
  local s = cjson.decode(state)
  if s['status'] == 'active' and tonumber(ARGV[1]) - tonumber(seen) <= s['idle_seconds'] then
    redis.call('SET', KEYS[2], ARGV[1], 'EX', s['idle_seconds'])
  end
end
return {state or false, seen or false}
"""


class LoginSessions:
    def __init__(self, redis_client: redis.Redis, source: SessionStateSource, cache_seconds: int = 30):
        self.redis = redis_client
        self.source = source
        self.cache_seconds = cache_seconds
        self._touch = redis_client.register_script(TOUCH)
        self._redis_down_until = 0.0

    # --- the check ---------------------------------------------------------------------------

    def check(self, sid: str, claims: dict, *, touch: bool) -> SessionState:
        """The session's state if the token may be used now; Unauthorized otherwise."""
        state = self._check_cached(sid, touch) if self._redis_usable() else None
        if state is None:  # Redis is down: ask the truth every time
            state = self.source.fetch(sid, last_seen=None, touch=touch)
        if state is None or not state.active:
            raise Unauthorized("Your session has ended; please sign in again.", slug="session-ended")
        if state.user_id != claims["sub"] or state.organization_id != claims["org"]:
            raise Unauthorized("The access token does not match its session.")
        if state.role != claims["role"] or state.authz_version != int(claims.get("av", 0)):
            raise Unauthorized("Your access has changed; refresh your token.", slug="token-stale")
        return state

    def _check_cached(self, sid: str, touch: bool) -> SessionState | None:
        now = time.time()
        try:
            # One round trip in the common case: read both keys and, for a user action on an
            # active session that is not idle, record the activity (see TOUCH).
            raw_state, raw_seen = self._touch(keys=[state_key(sid), seen_key(sid)], args=[repr(now), int(touch)])
            seen = float(raw_seen) if raw_seen else None
            touched = False
            if raw_state is None:
                state = self.source.fetch(sid, last_seen=seen, touch=False)
                if state is None:
                    return _ended_placeholder()
                self.redis.set(state_key(sid), state.to_json(), nx=True, ex=self.cache_seconds)
                seen = max(seen or 0.0, state.last_activity_at)
            else:
                state = SessionState.from_json(raw_state)
                touched = touch and state.active and seen is not None and now - seen <= state.idle_seconds
            if not state.active:
                return state
            if seen is None or now - seen > state.idle_seconds:
                # Idle too long. Identity concludes the same from what it knows (never later
                # activity than this), and records the end when next asked.
                ended = self.source.fetch(sid, last_seen=seen, touch=False) or _ended_placeholder()
                if not ended.active:
                    self.publish(sid, ended)
                    return ended
                seen = ended.last_activity_at
                state = ended
            if touch and not touched:
                self.redis.set(seen_key(sid), repr(now), ex=state.idle_seconds)
            elif seen is not None and raw_seen is None:
                self.redis.set(seen_key(sid), repr(seen), nx=True, ex=max(1, int(state.idle_seconds - (now - seen))))
            return state
        except redis.RedisError:
            self._redis_failed()
            return None

    # --- writes from identity ----------------------------------------------------------------

    def publish(self, sid: str, state: SessionState) -> None:
        """Overwrite the cached state (identity, after committing a change to the session)."""
        if not self._redis_usable():
            return
        try:
            pipe = self.redis.pipeline()
            pipe.set(state_key(sid), state.to_json(), ex=self.cache_seconds)
            if not state.active:
                pipe.delete(seen_key(sid))
            pipe.execute()
        except redis.RedisError:
            # The cached entry expires within cache_seconds; until then Redis is unreachable for
            # the services as well, and they ask identity directly.
            self._redis_failed()

    def last_seen(self, sid: str) -> float | None:
        if not self._redis_usable():
            return None
        try:
            raw = self.redis.get(seen_key(sid))
        except redis.RedisError:
            self._redis_failed()
            return None
        return float(raw) if raw else None

    # --- Redis availability ------------------------------------------------------------------

    def _redis_usable(self) -> bool:
        return time.monotonic() >= self._redis_down_until

    def _redis_failed(self) -> None:
        log.warning("Redis is unreachable; checking login sessions with identity directly")
        self._redis_down_until = time.monotonic() + 5.0


def _ended_placeholder() -> SessionState:
    return SessionState(ENDED, "", "", "", 0, 0, 0.0, reason="unknown")


class IdentitySessionSource:
    """Asks identity's internal API (every service but identity itself)."""

    def __init__(self, client):
        self.client = client

    def fetch(self, sid: str, *, last_seen: float | None, touch: bool) -> SessionState | None:
        response = self.client.request(
            "POST", f"/internal/login-sessions/{sid}/state", json={"last_seen": last_seen, "touch": touch}
        )
        if response.status_code == 404:
            return None
        response.raise_for_status()
        return SessionState(**response.json())
