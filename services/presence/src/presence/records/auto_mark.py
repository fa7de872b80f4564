"""Auto-mark at close (SPEC §2): closing a session marks everyone still unmarked with the group's
`close_marks_unmarked_as`, source `auto_mark`, in the closing transaction. Auto-marks are
provisional: a later human or device change replaces one without counting as a conflict."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session as DbSession

from omni_common.db.base import utcnow
from presence.context import PresenceContext
from presence.domains.service import states_by_code, states_of
from presence.groups.models import Group
from presence.groups.service import settings_of
from presence.records import repository, rules, writer
from presence.sessions.models import Session

log = logging.getLogger(__name__)


def mark_unmarked(db: DbSession, ctx: PresenceContext, session: Session, group: Group, actor_id: str | None) -> int:
    """Mark every member still unmarked; how many were marked."""
    code = settings_of(group).close_marks_unmarked_as
    if not code:
        return 0
    states = states_by_code(states_of(db, session.organization_id, {group.domain}), group.domain)
    refused = rules.state_refusal(states, code, rules.SYSTEM)
    if refused:
        # The state was retired since the setting was made: nobody is marked, and the log says why.
        log.warning("auto-mark skipped", extra={"session_id": session.id, "reason": refused.message})
        return 0
    marked = {r.participant_id for r in repository.session_records(db, session.id)}
    unmarked = [p.id for p in repository.roster_people(db, session) if p.id not in marked]
    stamp = writer.Stamp(actor_id=actor_id, source="auto_mark")
    values = {"state": code, "note": None, "check_in_at": None, "check_out_at": None}
    writes = [writer.Write(None, session.id, pid, values, stamp) for pid in dict.fromkeys(unmarked)]
    writer.write(db, ctx, session.organization_id, writes, utcnow())
    return len(writes)
