"""Recording presence (SPEC §4.1) and reading it (§4.2).

One write path serves a single record, a whole roll call and (later) the sync worker: every change
is checked first (all-or-nothing, every bad field named), the records it touches are locked, a
change naming an ``expected_version`` the record has left is refused with the current record, a
``mutation_id`` seen before returns its first answer, and every new version lands in the history
and the audit log in the same transaction. A roll call of 500 is a handful of statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import Conflict, FieldError, Invalid, NotFound
from omni_common.pagination import Page, cursor_key, page_of
from presence.access import day_bounds
from presence.context import PresenceContext
from presence.groups import repository as groups
from presence.groups.models import Group
from presence.groups.service import settings_of
from presence.records import repository, rules, writer
from presence.records.models import AppliedMutation
from presence.records.schemas import (
    BulkIn,
    HistoryItem,
    ParticipantBrief,
    RecordIn,
    RecordOut,
    RosterGroup,
    RosterItem,
    RosterOut,
)
from presence.sessions import service as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import SessionOut

OPTIONAL_FIELDS = ("note", "check_in_at", "check_out_at")


@dataclass
class Change:
    """One change to one participant's record, wherever it came from."""

    field: str  # how errors name it: "" for a single record, "records.3." in a bulk
    participant_id: str
    state: str
    note: str | None = None
    check_in_at: datetime | None = None
    check_out_at: datetime | None = None
    expected_version: int | None = None
    mutation_id: str | None = None
    # Which of note, check_in_at and check_out_at the change gives: the others keep their value.
    given: frozenset[str] = frozenset(OPTIONAL_FIELDS)


@dataclass
class Outcome:
    record: RecordOut
    created: bool
    changed: bool


def members_during(db: DbSession, session: Session, participant_ids: set[str]) -> set[str]:
    """Who of ``participant_ids`` was a member of the session's group while it ran."""
    return groups.members_during(db, session.group_id, session.starts_at, session.ends_at, participant_ids)


def _check(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    target: sessions.ToWrite,
    changes: list[Change],
    recorded: set[str],
    session_field: str,
) -> None:
    """The rulebook's answer for every change, all-or-nothing: every bad field named."""
    writer = rules.Writer(principal.role)
    refused = rules.session_refusal(target.session, writer, ctx.window)
    if refused:
        raise Invalid([FieldError(session_field, refused.message, refused.code)])
    members = members_during(db, target.session, {c.participant_id for c in changes} - recorded)
    errors: list[FieldError] = []
    seen: set[str] = set()
    for c in changes:
        for refusal in (
            rules.state_refusal(target.states, c.state, writer),
            rules.participant_refusal(c.participant_id in members or c.participant_id in recorded),
            rules.times_refusal(c.check_in_at, c.check_out_at),
        ):
            if refusal:
                errors.append(refusal.as_field_error(c.field))
        if c.participant_id in seen:
            errors.append(
                FieldError(f"{c.field}participant_id", "The same participant twice in one request.", "repeated")
            )
        seen.add(c.participant_id)
    if errors:
        raise Invalid(errors)


def snapshot_version(db: DbSession, applied: AppliedMutation) -> RecordOut:
    """The record as the first answer to a mutation showed it."""
    version = repository.version_of(db, applied.record_id, applied.version)
    return RecordOut(
        id=applied.record_id,
        session_id=version.session_id,
        participant_id=version.participant_id,
        state=version.state,
        note=version.note,
        check_in_at=version.check_in_at,
        check_out_at=version.check_out_at,
        version=version.version,
        source=version.source,
        recorded_by=version.actor_id,
        recorded_at=version.at,
        client_time=version.client_time,
        device_id=version.device_id,
    )


def apply_changes(
    db: DbSession,
    ctx: PresenceContext,
    principal: Principal,
    target: sessions.ToWrite,
    changes: list[Change],
    stamp: writer.Stamp,
    *,
    only_unmarked: bool = False,
    session_field: str = "session_id",
) -> list[Outcome]:
    # The records this call touches, locked until commit (one that does not exist yet is guarded
    # by the unique key: a concurrent first mark makes the writer start again).
    session = target.session
    participant_ids = list(dict.fromkeys(c.participant_id for c in changes))
    existing = repository.locked_records(db, session.id, participant_ids)
    _check(db, ctx, principal, target, changes, set(existing), session_field)

    # A mutation seen before answers as it did then, whatever happened since.
    applied = repository.applied_mutations(
        db, principal.organization_id, [c.mutation_id for c in changes if c.mutation_id]
    )
    fresh = [c for c in changes if c.mutation_id not in applied]

    stale = [
        c
        for c in fresh
        if c.expected_version is not None
        and not (only_unmarked and c.participant_id in existing)
        and not (c.participant_id in existing and rules.is_provisional(existing[c.participant_id].source))
        and (existing[c.participant_id].version if c.participant_id in existing else 0) != c.expected_version
    ]
    if stale:
        current = [
            RecordOut.model_validate(existing[c.participant_id]).model_dump(mode="json")
            if c.participant_id in existing
            else None
            for c in stale
        ]
        raise Conflict(
            "The record changed since you last saw it; nothing was saved. Here is what it holds now.",
            title="Record changed",
            errors=[FieldError(f"{c.field}expected_version", "The record moved on.", "stale") for c in stale],
            current=current[0] if len(changes) == 1 else current,
        )

    writes, unchanged, kept = [], [], {}
    for c in fresh:
        record = existing.get(c.participant_id)
        current = RecordOut.model_validate(record) if record is not None else None
        values = {
            "state": c.state,
            **{k: getattr(c, k) if k in c.given else getattr(current, k, None) for k in OPTIONAL_FIELDS},
        }
        if current is not None and (only_unmarked or writer.same_data(current, values)):
            kept[c.participant_id] = current
            if c.mutation_id:
                unchanged.append((c.mutation_id, current, None))
            continue
        writes.append(writer.Write(current, session.id, c.participant_id, values, stamp, mutation_id=c.mutation_id))
    writer.write(db, ctx, principal.organization_id, writes, utcnow(), unchanged=unchanged)
    outcomes = {pid: Outcome(record, created=False, changed=False) for pid, record in kept.items()}
    outcomes |= {w.participant_id: Outcome(w.result, created=w.current is None, changed=True) for w in writes}

    results = []
    for c in changes:
        if c.mutation_id in applied:
            first = applied[c.mutation_id]
            results.append(Outcome(snapshot_version(db, first), created=first.outcome == "created", changed=False))
        else:
            results.append(outcomes[c.participant_id])
    return results


def _session_for_writing(db: DbSession, principal: Principal, session_id: str, field: str) -> sessions.ToWrite:
    """The session named in a body, with its group: unknown, foreign and not-yours are one 422."""
    try:
        return sessions.get_session_to_write(db, principal, session_id)
    except NotFound:
        raise Invalid.field(field, "No such session.", "not_found") from None


def record_one(
    db: DbSession, ctx: PresenceContext, principal: Principal, body: RecordIn, device_id: str | None
) -> Outcome:
    target = _session_for_writing(db, principal, body.session_id, "session_id")
    change = Change(
        field="",
        participant_id=body.participant_id,
        state=body.state,
        note=body.note,
        check_in_at=body.check_in_at,
        check_out_at=body.check_out_at,
        expected_version=body.expected_version,
        mutation_id=body.mutation_id,
        given=frozenset(body.model_fields_set & set(OPTIONAL_FIELDS)),
    )
    stamp = writer.Stamp(actor_id=principal.user_id, device_id=device_id, client_time=body.client_time)
    return apply_changes(db, ctx, principal, target, [change], stamp)[0]


def record_bulk(
    db: DbSession, ctx: PresenceContext, principal: Principal, body: BulkIn, device_id: str | None
) -> list[RecordOut]:
    target = _session_for_writing(db, principal, body.session_id, "session_id")
    changes = [
        Change(
            field=f"records.{i}.",
            participant_id=r.participant_id,
            state=r.state,
            note=r.note,
            check_in_at=r.check_in_at,
            check_out_at=r.check_out_at,
            expected_version=r.expected_version,
            given=frozenset(r.model_fields_set & set(OPTIONAL_FIELDS)),
        )
        for i, r in enumerate(body.records)
    ]
    stamp = writer.Stamp(actor_id=principal.user_id, device_id=device_id, client_time=body.client_time)
    return [
        o.record for o in apply_changes(db, ctx, principal, target, changes, stamp, only_unmarked=body.only_unmarked)
    ]


# --- reading -------------------------------------------------------------------------------------


def roster(db: DbSession, principal: Principal, session_id: str) -> RosterOut:
    """Everyone who was a member while the session ran, and anyone recorded in it, by name."""
    session = sessions.get_session(db, principal, session_id)
    group = db.get(Group, session.group_id)
    # Plain rows of only the columns shown, built without validation: every value comes straight
    # from our own columns, and a roster of 500 is read far more often than written.
    records = {r.participant_id: r for r in repository.session_records(db, session.id)}
    people = {m.id: m for m in repository.roster_people(db, session)}
    missing = set(records) - set(people)
    if missing:  # recorded, then removed from the group before the session's end
        people.update({p.id: p for p in repository.people(db, missing)})
    counts: dict[str, int] = {"unmarked": 0}
    items = []
    for person in sorted(people.values(), key=lambda p: (p.name.casefold(), p.id)):
        record = records.get(person.id)
        if record is None:
            counts["unmarked"] += 1
        else:
            counts[record.state] = counts.get(record.state, 0) + 1
        items.append(
            RosterItem.model_construct(
                participant=ParticipantBrief.model_construct(
                    id=person.id, name=person.name, external_ref=person.external_ref
                ),
                record=RecordOut.model_construct(**record._mapping) if record else None,
            )
        )
    return RosterOut(
        session=SessionOut.model_validate(session),
        group=RosterGroup(
            id=group.id, name=group.name, domain=group.domain, late_after_minutes=settings_of(group).late_after_minutes
        ),
        counts=counts,
        items=items,
    )


def list_records(
    db: DbSession,
    principal: Principal,
    *,
    session_id: str | None,
    group_id: str | None,
    participant_id: str | None,
    state: str | None,
    from_,
    to,
    cursor: str | None,
    limit: int,
) -> Page[RecordOut]:
    key = cursor_key(cursor, str)
    rows = repository.page(
        db,
        principal,
        session_id=session_id,
        group_id=group_id,
        participant_id=participant_id,
        state=state,
        starts_from=day_bounds(from_, principal.tz)[0] if from_ else None,
        starts_before=day_bounds(to, principal.tz)[1] if to else None,
        after=key[0] if key else None,
        limit=limit,
    )
    return page_of([RecordOut.model_validate(r) for r in rows], limit, lambda r: [r.id])


def history(db: DbSession, ctx: PresenceContext, principal: Principal, record_id: str) -> list[HistoryItem]:
    record = repository.get_visible(db, principal, record_id)
    if record is None:
        raise NotFound()
    versions = repository.history(db, record.id)
    names = ctx.directory.users(principal.organization_id, {v.actor_id for v in versions if v.actor_id})
    return [
        HistoryItem(
            version=v.version,
            state=v.state,
            note=v.note,
            check_in_at=v.check_in_at,
            check_out_at=v.check_out_at,
            source=v.source,
            actor=v.actor_id,
            actor_name=names.get(v.actor_id, {}).get("full_name") if v.actor_id else None,
            device_id=v.device_id,
            client_time=v.client_time,
            clock_skewed=v.clock_skewed,
            device_time=v.device_time,
            at=v.at,
        )
        for v in versions
    ]
