"""The change feed devices pull (SPEC §4.5 step 5): every record changed since a cursor, in the
order the changes committed, that the caller may see."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.pagination import cursor_key, encode_cursor
from presence.records import repository
from presence.records.schemas import RecordOut

LATEST = "latest"


def changes_since(db: DbSession, principal: Principal, cursor: str | None, limit: int) -> tuple[list[RecordOut], str]:
    """Records changed after the cursor, in feed order, that the caller may see. The cursor never
    skips a committed change: positions are given out under a lock held until commit.

    ``latest`` answers nothing and the position of the last committed change: a device that has
    just read what it shows starts there instead of reading the whole history."""
    if cursor == LATEST:
        return [], encode_cursor([repository.feed_position(db, principal.organization_id)])
    key = cursor_key(cursor, int)
    after = key[0] if key else 0
    rows = repository.changed_since(db, principal, after, limit)
    last = rows[-1].feed_seq if rows else after
    return [RecordOut.model_validate(r) for r in rows], encode_cursor([last])
