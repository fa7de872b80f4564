"""How a session stands: marks per state and unmarked (the roster's `counts`), how many are marked of
how many expected, and for check-in sessions who checked in, who is in now and who left. The same
numbers for one session's live `counts` event and for every session of Today."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session as DbSession

from presence.lifecycle import repository as lifecycle
from presence.records import repository


class SessionCounts(BaseModel):
    counts: dict[str, int]
    marked: int
    expected: int
    checked_in: int = 0
    in_now: int = 0
    checked_out: int = 0


def counts_for(db: DbSession, session_ids: list[str]) -> dict[str, SessionCounts]:
    if not session_ids:
        return {}
    expected = repository.expected_counts(db, session_ids)
    found = {sid: SessionCounts(counts={}, marked=0, expected=expected[sid]) for sid in session_ids}
    for session_id, state, marks, checked_in, in_now, checked_out in repository.state_counts(db, session_ids):
        c = found[session_id]
        c.counts[state] = marks
        c.marked += marks
        c.checked_in += checked_in
        c.in_now += int(in_now or 0)
        c.checked_out += checked_out
    for tally in lifecycle.tallies(db, session_ids):
        # Records retention purged: their counts, and who was expected then.
        c = found[tally.session_id]
        for state, marks in (tally.counts or {}).items():
            c.counts[state] = c.counts.get(state, 0) + marks
        c.marked += tally.marked
        c.expected = max(tally.expected, c.marked)
        c.checked_in += tally.checked_in
        c.in_now += tally.in_now
        c.checked_out += tally.checked_out
    for c in found.values():
        c.counts["unmarked"] = max(0, c.expected - c.marked)
    return found
