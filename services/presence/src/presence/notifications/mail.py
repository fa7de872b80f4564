"""Notification emails (SPEC §4.7): a digest rather than a flood — at most one email per kind per
person per hour (`PRESENCE_EMAIL_DIGEST_SECONDS`), listing whatever came since — sent by identity's
mail sender (its SMTP settings, its outbox, its worker; without SMTP the mail is written to its log),
never by the request that made the notification. Each person may turn email off per kind; an
organization may turn it off altogether. Absences emailed to contact addresses go the same way,
one digest per address per hour."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from omni_common.db.database import Database
from presence.notifications import repository
from presence.notifications.kinds import KINDS

log = logging.getLogger(__name__)


SEND = "presence.send_mail"


def queue_mail(
    db, ctx, organization_id: str, subject: str, body: str, kind: str, *, user_ids=(), emails=(), about=()
) -> None:
    """Through the outbox: once this transaction commits, the worker hands it to identity's sender.
    ``about``: the participants the mail names, so that erasing one finds it by id, here and in
    identity's outbox."""
    ctx.outbox.enqueue(
        db,
        SEND,
        organization_id=organization_id,
        subject=subject,
        body=body,
        kind=kind,
        user_ids=list(user_ids),
        emails=list(emails),
        participant_ids=sorted(set(about)),
    )


def hand_to_identity(identity, **mail) -> None:
    """The task's work: identity sends it (to its users' addresses, or to the addresses given)."""
    answer = identity.request("POST", "/internal/mail", json=mail)
    answer.raise_for_status()


def due(last_sent: datetime | None, now: datetime, interval: timedelta) -> bool:
    return last_sent is None or now - last_sent >= interval


def send_due(database: Database, ctx, now: datetime, limit: int = 500) -> int:
    """Send every digest that is due; how many emails went."""
    interval = timedelta(seconds=ctx.settings.email_digest_seconds)
    return database.transaction(_notifications, ctx, now, interval, limit) + database.transaction(
        _contacts, ctx, now, interval, limit
    )


def _notifications(db, ctx, now: datetime, interval: timedelta, limit: int) -> int:
    sent, rules_of = 0, {}
    for organization_id, user_id, kind in repository.unemailed_groups(db, limit):
        if organization_id not in rules_of:
            rules_of[organization_id] = repository.rules(db, organization_id)
        rules = rules_of[organization_id]
        skip = not rules.email or user_id in repository.opted_out(db, organization_id, {user_id}, kind)
        if not skip and not due(repository.last_emailed(db, user_id, kind), now, interval):
            continue  # the next digest takes these too
        items = repository.unemailed(db, organization_id, user_id, kind, limit)
        if not skip:
            organization = ctx.directory.organization(organization_id).get("name", "Omnipresence")
            subject = items[0].title if len(items) == 1 else f"{len(items)} new: {KINDS.get(kind, kind).lower()}"
            body = _digest(organization, items, ctx.settings.public_url)
            about = [n.data["participant_id"] for n in items if isinstance((n.data or {}).get("participant_id"), str)]
            queue_mail(
                db, ctx, organization_id, f"{subject} — {organization}", body, kind, user_ids=[user_id], about=about
            )
            sent += 1
        for n in items:
            n.emailed, n.emailed_at = True, (None if skip else now)
    return sent


def _digest(organization: str, items, public_url: str) -> str:
    lines = [f"{organization}:", ""]
    for n in items:
        lines.append(f"- {n.title}")
        if n.body:
            lines.append(f"  {n.body}")
        if n.link:
            lines.append(f"  {public_url.rstrip('/')}{n.link}")
    lines += ["", "You can choose which notifications come by email on your profile page in Omnipresence."]
    return "\n".join(lines)


def _contacts(db, ctx, now: datetime, interval: timedelta, limit: int) -> int:
    waiting = defaultdict(list)
    for mail in repository.unsent_contact_mail(db, limit):
        waiting[(mail.organization_id, mail.email)].append(mail)
    sent = 0
    for (organization_id, email), items in waiting.items():
        if not due(repository.last_contact_mail(db, email), now, interval):
            continue
        organization = ctx.directory.organization(organization_id).get("name", "Omnipresence")
        subject = items[0].subject if len(items) == 1 else f"{len(items)} absences recorded"
        body = "\n\n".join(m.body for m in items) + f"\n\n— {organization}"
        queue_mail(
            db,
            ctx,
            organization_id,
            f"{subject} — {organization}",
            body,
            "absent",
            emails=[email],
            about=[m.participant_id for m in items],
        )
        for m in items:
            m.sent_at = now
        sent += 1
    return sent
