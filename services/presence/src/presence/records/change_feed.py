"""The change feed devices pull (SPEC §4.5 step 5): every record changed since a cursor, in the
order the changes committed, that the caller may see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.pagination import cursor_key, encode_cursor
from omni_common.tenancy import in_org
from presence.records.models import FeedCounter, PresenceRecord
from presence.records.schemas import RecordOut
from presence.sessions import service as sessions
from presence.sessions.models import Session

LATEST = "latest"


def changes_since(db: DbSession, principal: Principal, cursor: str | None, limit: int) -> tuple[list[RecordOut], str]:
    """Records changed after the cursor, in feed order, that the caller may see. The cursor never
    skips a committed change: positions are given out under a lock held until commit.

    ``latest`` answers nothing and the position of the last committed change: a device that has
    just read what it shows starts there instead of reading the whole history."""
    if cursor == LATEST:
        last = db.scalar(select(FeedCounter.last_seq).where(in_org(FeedCounter, principal.organization_id)))
        return [], encode_cursor([last or 0])
    key = cursor_key(cursor)
    after = int(key[0]) if key else 0
    stmt = select(PresenceRecord).where(
        in_org(PresenceRecord, principal.organization_id), PresenceRecord.feed_seq > after
    )
    if principal.role == Role.frontline:
        stmt = stmt.where(PresenceRecord.session_id.in_(sessions.visible(principal).with_only_columns(Session.id)))
    elif principal.role == Role.external:
        stmt = stmt.where(PresenceRecord.participant_id == (principal.participant_id or ""))
    rows = db.scalars(stmt.order_by(PresenceRecord.feed_seq).limit(limit)).all()
    last = rows[-1].feed_seq if rows else after
    return [RecordOut.model_validate(r) for r in rows], encode_cursor([last])
