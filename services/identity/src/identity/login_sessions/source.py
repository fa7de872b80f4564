"""Identity answers the login-session check from its own database, not over HTTP."""

from __future__ import annotations

from identity.login_sessions.service import current_state
from omni_common.audit import AuditWriter
from omni_common.auth.sessions import LoginSessions, SessionState
from omni_common.db.database import Database


class LocalSessionSource:
    def __init__(self, database: Database, audit: AuditWriter):
        self.database = database
        self.audit = audit
        self.cache: LoginSessions | None = None  # set once the cache that uses this source exists

    def fetch(self, sid: str, *, last_seen: float | None, touch: bool) -> SessionState | None:
        return self.database.transaction(
            current_state, sid, last_seen=last_seen, touch=touch, audit=self.audit, cache=self.cache
        )
