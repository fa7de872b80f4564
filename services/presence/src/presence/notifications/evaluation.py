"""The notification rules (SPEC §4.7) and the record events of webhooks (§4.8), run on presence's
worker after the marks have committed — never in the mark's own request, so no rule and no target
can slow, fail or lose a mark.

The worker follows each organization's change feed version by version (every version has its
place in it), from a cursor it advances in the same transaction as what it decides, so each version
is acted on once. For the versions since the cursor it sends the webhook events (`presence.recorded`
for a record's first version, `presence.changed` after), queues the absence emails to contacts,
and looks again at each participant it touched: below the threshold, absent so many sessions in a
row. Those fire once, at their crossing (alert_state keeps whether a rule stands crossed), and are
uncrossed when the rate is back up or a later mark is not an absence. Separately, every minute,
the sessions whose register nobody has taken some minutes after they started.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session as DbSession

from omni_common.db.database import Database
from presence.domains import repository as domains
from presence.domains.service import states_of, terminology_of
from presence.notifications import repository
from presence.notifications.service import send
from presence.webhooks import delivery

log = logging.getLogger(__name__)

RATE_DAYS = 30
RATE_MIN_MARKS = 5
# Sessions older than this are not looked at for a register not taken (nor at deploy time).
REGISTER_LOOK_BACK = timedelta(hours=12)


# --- deciding (pure) ----------------------------------------------------------------------------


def rate_crossing(weighted: float, counted: int, threshold: float, active: bool) -> str | None:
    """'fire' when the rate has just fallen below the threshold, 'clear' when it is back up, else
    None. A rate needs at least RATE_MIN_MARKS weighted marks."""
    if counted < RATE_MIN_MARKS:
        return None
    below = weighted * 100 / counted < threshold
    if below and not active:
        return "fire"
    if not below and active:
        return "clear"
    return None


def run_crossing(latest_categories: list[str], n: int, active: bool) -> str | None:
    """``latest_categories``: the categories of the participant's records, latest session first
    (sessions with no record skipped). 'fire' when the run of absences has reached ``n``, 'clear'
    when it is shorter again (a mark that is not an absence broke it, however many came since)."""
    run = 0
    for category in latest_categories:
        if category != "absent":
            break
        run += 1
    if run >= n and not active:
        return "fire"
    if run < n and active:
        return "clear"
    return None


# --- following the feed --------------------------------------------------------------------------


@dataclass
class Version:
    """A version of a record, as the feed has it, with its session's domain."""

    record_id: str
    session_id: str
    participant_id: str
    version: int
    state: str
    note: str | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    source: str
    at: datetime
    feed_seq: int

    def event(self) -> tuple[str, dict]:
        data = {
            "id": self.record_id,
            "session_id": self.session_id,
            "participant_id": self.participant_id,
            "state": self.state,
            "note": self.note,
            "check_in_at": self.check_in_at,
            "check_out_at": self.check_out_at,
            "version": self.version,
            "source": self.source,
            "recorded_at": self.at,
        }
        return ("presence.recorded" if self.version == 1 else "presence.changed"), data


def follow(database: Database, ctx, now: datetime, batch: int = 2000) -> int:
    """Act on every organization's new versions; how many versions were acted on."""
    done = 0
    for organization_id in database.read(repository.organizations_with_new_changes):
        acted, deliveries = database.transaction(_follow_organization, ctx, organization_id, now, batch)
        delivery.send_leased(database, ctx, deliveries)
        done += acted
    return done


def _follow_organization(
    db: DbSession, ctx, organization_id: str, now: datetime, batch: int
) -> tuple[int, delivery.Leased | None]:
    """How many versions were acted on, and the webhook deliveries to send once that commits."""
    cursor = repository.locked_cursor(db, organization_id)
    if cursor is None:
        return 0, None
    versions = [Version(*row) for row in repository.versions_after(db, organization_id, cursor.position, batch)]
    if not versions:
        return 0, None
    rules = repository.rules(db, organization_id)
    deliveries = delivery.emit_leased(db, ctx, organization_id, [version.event() for version in versions], now)
    context = _Facts.load(db, ctx, organization_id, versions)
    if rules.absent_to_contact or context.groups_asking_contact:
        _absences_to_contacts(db, context, versions, rules.absent_to_contact)
    latest = {v.participant_id: v for v in versions}  # each participant once, with their last version
    # Each rule reads what it needs for all of them at once: a register of 500 is a few queries.
    if rules.below_threshold:
        _below_threshold(db, ctx, context, latest, now)
    if rules.absent_in_a_row:
        _absent_in_a_row(db, ctx, context, latest, rules.absent_in_a_row)
    cursor.position = versions[-1].feed_seq
    return len(versions), deliveries


@dataclass
class _Facts:
    """What the rules read about the versions' sessions, participants and states."""

    organization_id: str
    threshold: float
    tz: ZoneInfo
    sessions: dict  # session id -> (session, group)
    categories: dict  # (domain, code) -> category
    people: dict  # participant id -> participant
    words: dict  # domain code -> terminology
    groups_asking_contact: set  # groups whose absent_to_contact is True
    groups_refusing_contact: set  # ... False

    @classmethod
    def load(cls, db: DbSession, ctx, organization_id: str, versions: list[Version]) -> _Facts:
        sessions = repository.sessions_with_groups(db, {v.session_id for v in versions})
        domain_codes = {g.domain for _, g in sessions.values()}
        states = states_of(db, organization_id, domain_codes)
        settings = {g.id: (g.settings or {}).get("absent_to_contact") for _, g in sessions.values()}
        organization = ctx.directory.organization(organization_id)
        return cls(
            organization_id=organization_id,
            threshold=float(organization.get("attendance_threshold_percent", 90)),
            tz=ZoneInfo(organization.get("timezone") or "UTC"),
            sessions=sessions,
            categories={key: s.category for key, s in states.items()},
            people=repository.participants(db, {v.participant_id for v in versions}),
            words={
                code: terminology_of(d) for code in domain_codes if (d := domains.domain_in(db, organization_id, code))
            },
            groups_asking_contact={gid for gid, wanted in settings.items() if wanted is True},
            groups_refusing_contact={gid for gid, wanted in settings.items() if wanted is False},
        )

    def category(self, version: Version) -> str | None:
        found = self.sessions.get(version.session_id)
        return self.categories.get((found[1].domain, version.state)) if found else None

    def name(self, participant_id: str) -> str:
        person = self.people.get(participant_id)
        return person.name if person else "A participant"

    def word(self, version: Version, key: str, default: str) -> str:
        """The domain's word for a participant, a session … where this version was recorded."""
        found = self.sessions.get(version.session_id)
        return self.words.get(found[1].domain, {}).get(key, default) if found else default


def _tell_managers(db: DbSession, ctx, facts: _Facts, participant_id: str, *, kind, title, body, data) -> None:
    """A notification about a participant to the organization's managers and admins, linking to them."""
    managers = {
        u["id"] for role in ("manager", "admin") for u in ctx.directory.users_with_role(facts.organization_id, role)
    }
    link = f"/participants/{participant_id}"
    data = {"participant_id": participant_id, **data}
    send(db, ctx, facts.organization_id, managers, kind=kind, title=title, body=body, link=link, data=data)


def _below_threshold(db: DbSession, ctx, facts: _Facts, latest: dict[str, Version], now: datetime) -> None:
    rates = repository.participant_rates(db, facts.organization_id, set(latest), now - timedelta(days=RATE_DAYS), now)
    alerts = repository.alerts(db, facts.organization_id, "below_threshold", set(latest))
    for participant_id, version in latest.items():
        weighted, counted = rates[participant_id]
        alert = alerts[participant_id]
        verdict = rate_crossing(float(weighted or 0), counted, facts.threshold, alert.active)
        if verdict is None:
            continue
        alert.active, alert.changed_at = verdict == "fire", now
        if verdict == "fire":
            name, rate = facts.name(participant_id), round(float(weighted) * 100 / counted)
            _tell_managers(
                db,
                ctx,
                facts,
                participant_id,
                kind="below_threshold",
                title=f"{name}'s attendance is {rate}%, below {facts.threshold:g}%",
                body=f"{facts.word(version, 'participant', 'Participant')} {name} has attended {rate}% "
                f"over the last {RATE_DAYS} days.",
                data={"rate": rate},
            )


def _absent_in_a_row(db: DbSession, ctx, facts: _Facts, latest: dict[str, Version], n: int) -> None:
    runs = repository.latest_categories(db, facts.organization_id, set(latest), n + 1)
    alerts = repository.alerts(db, facts.organization_id, "absent_in_a_row", set(latest))
    for participant_id, version in latest.items():
        alert = alerts[participant_id]
        verdict = run_crossing(runs[participant_id], n, alert.active)
        if verdict is None:
            continue
        alert.active = verdict == "fire"
        if verdict == "fire":
            name = facts.name(participant_id)
            _tell_managers(
                db,
                ctx,
                facts,
                participant_id,
                kind="absent_in_a_row",
                title=f"{name} was absent {n} times in a row",
                body=f"{facts.word(version, 'participant', 'Participant')} {name} was absent from their last {n} "
                f"{facts.word(version, 'sessions', 'sessions').lower()}.",
                data={"run": n},
            )


def _absences_to_contacts(db: DbSession, facts: _Facts, versions: list[Version], organization_rule: bool) -> None:
    """An email to the contact address of each participant newly marked absent, where the group (or,
    when the group leaves it to it, the organization) asks for one."""
    for version in versions:
        found = facts.sessions.get(version.session_id)
        if found is None or facts.category(version) != "absent":
            continue
        session, group = found
        if group.id in facts.groups_refusing_contact or not (
            organization_rule or group.id in facts.groups_asking_contact
        ):
            continue
        person = facts.people.get(version.participant_id)
        if person is None or not person.email:
            continue
        local = session.starts_at.astimezone(facts.tz).strftime("%A %d %B, %H:%M")
        repository.queue_contact_mail(
            db,
            facts.organization_id,
            person,
            subject=f"{person.name} was marked absent",
            body=f"{person.name} was marked absent from {session.title} ({group.name}) on {local}.",
        )


# --- registers not taken -------------------------------------------------------------------------


def registers_not_taken(database: Database, ctx, now: datetime) -> int:
    """Tell each session's staff (its administrators when it has none) when nobody has taken its
    register some minutes after it started; once per session."""
    told = 0
    for session, group in database.read(repository.registers_maybe_not_taken, now - REGISTER_LOOK_BACK, now):
        told += database.transaction(_check_register, ctx, session.id, group, now)
    return told


def _check_register(db: DbSession, ctx, session_id: str, group, now: datetime) -> int:
    session = repository.session_by_id(db, session_id)
    minutes = repository.rules(db, session.organization_id).register_not_taken_after_minutes
    if minutes is None or session.starts_at + timedelta(minutes=minutes) > now:
        return 0
    if repository.has_human_mark(db, session.id):
        return 0
    alert = repository.alert(db, session.organization_id, "register_not_taken", session.id)
    if alert.active:
        return 0
    alert.active, alert.changed_at = True, now
    staff = repository.staff_at(db, group.id, session.starts_at) or {
        u["id"] for u in ctx.directory.users_with_role(session.organization_id, "admin")
    }
    words = terminology_of(domains.domain_in(db, session.organization_id, group.domain)) if group.domain else {}
    return send(
        db,
        ctx,
        session.organization_id,
        staff,
        kind="register_not_taken",
        title=f"{session.title} ({group.name}): the register has not been taken",
        body=f"Nobody has marked the {words.get('session', 'session').lower()} {minutes} minutes after it started.",
        link=f"/sessions/{session.id}",
        data={"session_id": session.id},
    )
