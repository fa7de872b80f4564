"""Kiosks (SPEC §4.4): a shared device at the door that staff unlock for some sessions.

Staff make a kiosk for check-in sessions they may record; its token is shown once and kept only
on the device. With it the device can do one thing: scan a badge (a participant's external
reference), ask for the participant's PIN if they have one, and check them in — or out, if they
are in — at the kiosk's open session they belong to. Every scan is logged, whatever came of it;
five wrong PINs within fifteen minutes lock the badge for fifteen minutes across the whole
organization, until then or until an administrator sets a new PIN.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session as DbSession

from omni_common.auth import kiosk as kiosk_tokens
from omni_common.auth.principal import Principal
from omni_common.db.base import utcnow
from omni_common.errors import FieldError, Invalid, NotFound, TooManyRequests, Unauthorized
from omni_common.ids import new_id
from omni_common.pagination import Page, cursor_key, page_of
from presence.context import PresenceContext
from presence.domains import repository as domains
from presence.domains.service import domain_states, ensure_presets, terminology_of
from presence.groups.models import Group
from presence.kiosks import repository
from presence.kiosks.models import Kiosk, KioskSession
from presence.kiosks.schemas import (
    AttemptOut,
    KioskCreate,
    KioskCreated,
    KioskInfo,
    KioskOut,
    KioskSessionOut,
    KioskStatus,
    Scan,
    Scanned,
    ScanParticipant,
    ScanSession,
)
from presence.participants.pins import pin_matches
from presence.records import checkins, rules, writer
from presence.records.repository import locked_record
from presence.sessions import repository as sessions
from presence.sessions.models import Session
from presence.sessions.schemas import Mode, Status

KIOSK_MODES = (Mode.check_in_out, Mode.self_check_in)


# --- staff: making, listing and revoking kiosks ---------------------------------------------------


def _status(kiosk: Kiosk, now: datetime) -> KioskStatus:
    if kiosk.revoked_at is not None:
        return KioskStatus.revoked
    return KioskStatus.expired if kiosk.expires_at <= now else KioskStatus.active


def _out(kiosk: Kiosk, served: list[tuple[Session, Group]], now: datetime) -> KioskOut:
    return KioskOut(
        id=kiosk.id,
        name=kiosk.name,
        session_ids=[s.id for s, _ in served],
        sessions=[KioskSessionOut.model_validate(s) for s, _ in served],
        expires_at=kiosk.expires_at,
        created_by=kiosk.created_by,
        created_at=kiosk.created_at,
        revoked_at=kiosk.revoked_at,
        status=_status(kiosk, now),
    )


def _sessions_to_serve(db: DbSession, principal: Principal, session_ids: list[str]) -> list[tuple[Session, Group]]:
    """The sessions named, with their groups, each one the caller may record and a kiosk can serve;
    every bad one named."""
    found = {s.id: (s, g) for s, g in sessions.with_groups(db, principal, session_ids)}
    errors, chosen = [], []
    for i, session_id in enumerate(session_ids):
        session, _ = found.get(session_id, (None, None))
        field = f"session_ids.{i}"
        if session is None:
            errors.append(FieldError(field, "No such session, or not one you record for.", "not_found"))
        elif session.mode not in KIOSK_MODES:
            errors.append(
                FieldError(field, "This session is taken by roll call; a kiosk serves check-in sessions.", "roll_call")
            )
        elif session.status in (Status.closed, Status.cancelled):
            errors.append(FieldError(field, f"This session is {session.status}.", "not_open"))
        elif found[session_id] not in chosen:
            chosen.append(found[session_id])
    if errors:
        raise Invalid(errors)
    return chosen


def create(db: DbSession, ctx: PresenceContext, principal: Principal, body: KioskCreate) -> KioskCreated:
    served = _sessions_to_serve(db, principal, body.session_ids)
    now = utcnow()
    expires_at = body.expires_at or max(s.ends_at for s, _ in served)
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=principal.tz)
    if expires_at <= now:
        raise Invalid.field("expires_at", "That time has passed; a kiosk must work for a while.", "in_past")
    kiosk_id = new_id()
    token = kiosk_tokens.issue(ctx.kiosk_key, kiosk_id)
    kiosk = Kiosk(
        id=kiosk_id,
        organization_id=principal.organization_id,
        name=body.name,
        token_hash=kiosk_tokens.token_hash(token),
        created_by=principal.user_id,
        expires_at=expires_at,
        created_at=now,
    )
    db.add(kiosk)
    db.add_all(
        KioskSession(organization_id=principal.organization_id, kiosk_id=kiosk_id, session_id=s.id) for s, _ in served
    )
    db.flush()
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="kiosk",
        entity_id=kiosk_id,
        action="create",
        after={"name": body.name, "session_ids": [s.id for s, _ in served], "expires_at": expires_at.isoformat()},
        actor_id=principal.user_id,
    )
    out = _out(kiosk, served, now)
    return KioskCreated(**out.model_dump(), token=token)


def list_kiosks(db: DbSession, principal: Principal, cursor: str | None, limit: int) -> Page[KioskOut]:
    rows = repository.page(db, principal, cursor_key(cursor, datetime, str), limit)
    served = repository.sessions_of(db, [k.id for k in rows[:limit]])
    now = utcnow()
    return page_of(
        [_out(k, served.get(k.id, []), now) for k in rows], limit, lambda k: [k.created_at.isoformat(), k.id]
    )


def _visible_kiosk(db: DbSession, principal: Principal, kiosk_id: str, *, for_update: bool = False) -> Kiosk:
    kiosk = repository.get(db, principal, kiosk_id, for_update=for_update)
    if kiosk is None:
        raise NotFound()
    return kiosk


def revoke(db: DbSession, ctx: PresenceContext, principal: Principal, kiosk_id: str) -> None:
    """The kiosk stops working at once (its next scan is refused)."""
    kiosk = _visible_kiosk(db, principal, kiosk_id, for_update=True)
    if kiosk.revoked_at is not None:
        return
    kiosk.revoked_at = utcnow()
    ctx.audit.record(
        db,
        organization_id=principal.organization_id,
        entity="kiosk",
        entity_id=kiosk.id,
        action="revoke",
        before={"revoked": False},
        after={"revoked": True},
        actor_id=principal.user_id,
    )


def attempts(db: DbSession, principal: Principal, kiosk_id: str, cursor: str | None, limit: int) -> Page[AttemptOut]:
    kiosk = _visible_kiosk(db, principal, kiosk_id)
    rows = repository.attempts(db, kiosk, cursor_key(cursor, datetime, str), limit)
    items = [
        AttemptOut(
            id=a.id,
            at=a.at,
            badge=a.badge,
            outcome=a.outcome,
            participant_id=a.participant_id,
            participant_name=name,
            session_id=a.session_id,
        )
        for a, name in rows
    ]
    return page_of(items, limit, lambda a: [a.at.isoformat(), a.id])


# --- the kiosk device -----------------------------------------------------------------------------


def authenticate(db: DbSession, ctx: PresenceContext, token: str | None) -> Kiosk:
    """The kiosk a token unlocks, while it is neither revoked nor expired, and its organization was
    not closed (the organization's settings come from the cache identity clears when it closes)."""
    refused = Unauthorized(
        "This kiosk is not switched on, or has been switched off; ask staff to set it up again.",
        headers={"WWW-Authenticate": "Kiosk"},
    )
    kiosk_id = kiosk_tokens.kiosk_id_of(ctx.kiosk_key, token) if token else None
    if kiosk_id is None:
        raise refused
    kiosk = db.get(Kiosk, kiosk_id)
    now = utcnow()
    if (
        kiosk is None
        or kiosk.token_hash != kiosk_tokens.token_hash(token)
        or kiosk.revoked_at is not None
        or kiosk.expires_at <= now
        or ctx.directory.organization(kiosk.organization_id).get("closed_at")
    ):
        raise refused
    return kiosk


def info(db: DbSession, ctx: PresenceContext, kiosk: Kiosk) -> KioskInfo:
    served = repository.sessions_of(db, [kiosk.id])[kiosk.id]
    ensure_presets(db, kiosk.organization_id)
    first = served[0][1].domain if served else None
    domain = domains.domain_in(db, kiosk.organization_id, first) if first else None
    return KioskInfo(
        id=kiosk.id,
        name=kiosk.name,
        expires_at=kiosk.expires_at,
        sessions=[KioskSessionOut.model_validate(s) for s, _ in served],
        terminology=terminology_of(domain) if domain else {},
        timezone=ctx.directory.organization(kiosk.organization_id).get("timezone") or "UTC",
    )


def lock_until(wrong: list[datetime], attempts: int, window: timedelta) -> datetime | None:
    """When a badge's lock lifts: ``attempts`` wrong PINs within ``window`` lock it for ``window``
    from the last of them. ``wrong``: the times its PIN was wrong, oldest first."""
    until = None
    for i in range(len(wrong) - attempts + 1):
        last = wrong[i + attempts - 1]
        if last - wrong[i] <= window:
            until = last + window
    return until


def _check_pin(db: DbSession, ctx: PresenceContext, kiosk: Kiosk, participant, body: Scan, now: datetime) -> None:
    s = ctx.settings
    window = timedelta(minutes=s.kiosk_pin_lock_minutes)
    since = max(participant.pin_set_at or now - 2 * window, now - 2 * window)
    locked = lock_until(
        repository.wrong_pins_since(db, kiosk.organization_id, participant.id, since), s.kiosk_pin_attempts, window
    )
    if locked is not None and locked > now:
        repository.log_attempt(db, kiosk, now, body.badge, "locked", participant.id)
        minutes = max(1, round((locked - now).total_seconds() / 60))
        raise TooManyRequests(
            (locked - now).total_seconds(),
            f"Too many wrong PINs: this badge is locked for about {minutes} more minutes.",
            code="locked",
            commit_changes=True,
        )
    if not body.pin:
        # Asked for, not tried: logged, but no step towards the lock.
        repository.log_attempt(db, kiosk, now, body.badge, "pin_required", participant.id)
        raise Invalid.field("pin", "Enter your PIN.", "wrong_pin", commit_changes=True, pin_required=True)
    if not pin_matches(participant.pin_hash, body.pin):
        repository.log_attempt(db, kiosk, now, body.badge, "wrong_pin", participant.id)
        raise Invalid.field("pin", "That PIN is not right; try again.", "wrong_pin", commit_changes=True)


def _session_for(db: DbSession, kiosk: Kiosk, participant_id: str, now: datetime):
    """The kiosk's open session the participant belongs to (the one under way, else the nearest),
    with their record in it, locked."""
    open_ = [(s, g) for s, g in repository.sessions_of(db, [kiosk.id])[kiosk.id] if s.status == Status.open]
    open_.sort(
        key=lambda sg: (not (sg[0].starts_at <= now <= sg[0].ends_at), abs((sg[0].starts_at - now).total_seconds()))
    )
    for session, group in open_:
        current = locked_record(db, session.id, participant_id)
        if checkins.on_roster(db, session, participant_id, current):
            return session, group, current
    return None


def scan(db: DbSession, ctx: PresenceContext, kiosk: Kiosk, body: Scan) -> Scanned:
    now = utcnow()
    participant = repository.participant_by_badge(db, kiosk.organization_id, body.badge)
    if participant is None:
        repository.log_attempt(db, kiosk, now, body.badge, "unknown_badge")
        raise NotFound("We don't know that badge.", code="unknown_badge", commit_changes=True)
    if participant.pin_hash is not None:
        _check_pin(db, ctx, kiosk, participant, body, now)
    found = _session_for(db, kiosk, participant.id, now)
    if found is None:
        repository.log_attempt(db, kiosk, now, body.badge, "not_expected", participant.id)
        raise Invalid.field(
            "badge", "Not expected at any open session of this kiosk.", "not_expected", commit_changes=True
        )
    session, group, current = found
    leaving = (
        session.mode == Mode.check_in_out and current is not None and current.check_in_at and not current.check_out_at
    )
    if leaving:

        def decide(record):
            return checkins.check_out(record, now)

    else:
        arrival = checkins.arrival_state(domain_states(db, kiosk.organization_id, group.domain), session, group, now)

        def decide(record):
            if session.mode == Mode.self_check_in and record is not None and not rules.is_provisional(record.source):
                return None  # checked in already, or marked by staff: left as it is
            return checkins.check_in(record, now, arrival)

    done = checkins.record_arrival(
        db,
        ctx,
        kiosk.organization_id,
        session,
        group,
        participant.id,
        decide,
        writer.Stamp(actor_id=None, source="kiosk", device_id=f"kiosk:{kiosk.id}", client_time=now),
        participant_field="badge",
    )
    action = "checked_out" if leaving else "checked_in"
    repository.log_attempt(db, kiosk, now, body.badge, action, participant.id, session.id)
    return Scanned(
        action=action,
        participant=ScanParticipant(id=participant.id, name=participant.name),
        record=done.record,
        session=ScanSession(id=session.id, title=session.title),
    )
