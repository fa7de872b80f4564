"""Sending webhook deliveries (SPEC §4.8), on presence's worker.

An event becomes one delivery per subscribed target, in the transaction that decided it. The
feed's follower makes the first 64 of its batch already leased to itself and, once they have
committed, sends them from its process (no outbox message, no claim: two statements in all); any
other delivery, and any retry, the worker claims in batches of due ones (a lease committed first),
then sends them side by side —
each to the address its target's check allowed, over a kept-alive connection to that address, with
a connect timeout of 3 s and 10 s in all, following no redirect — and records the batch's outcomes
in one short transaction. A failure is tried again with exponential backoff and jitter for a day; a
dead or hanging target holds only its own thread (and its batch's record for at most its timeout),
never another target's sending, nor a mark. Each delivery is signed as Standard Webhooks says.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections import OrderedDict, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import NamedTuple

import httpx
from sqlalchemy import insert
from sqlalchemy.orm import Session as DbSession
from standardwebhooks.webhooks import Webhook as Signer

from omni_common.db.base import utcnow
from omni_common.db.database import Database
from omni_common.ids import new_id
from presence.webhooks import guard, repository
from presence.webhooks.models import WebhookDelivery

log = logging.getLogger(__name__)

GIVE_UP_AFTER = timedelta(days=1)
LEASE = timedelta(seconds=60)
SENDERS = 16
BATCH = 64
_senders = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="webhook-send")
# The follower's batches, sent one after another beside its next decisions, by senders of their own
# (so a batch's longest sending is known: see _send_leased).
_dispatch = ThreadPoolExecutor(max_workers=1, thread_name_prefix="webhook-dispatch")
_follower_senders = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="webhook-send-follower")


class Due(NamedTuple):
    """What sending one delivery needs."""

    id: str
    message_id: str
    payload: dict
    url: str
    secret: str


class Leased(NamedTuple):
    """Deliveries the follower made already leased to itself, until ``until``."""

    due: list[Due]
    until: datetime


# One TLS context (the system's trusted roots, as httpx builds it) for every delivery: building it
# costs about 25 ms of CPU, which a client per delivery would otherwise pay each time.
_tls = httpx.create_ssl_context()


def emit(db: DbSession, ctx, organization_id: str, event: str, data: dict, now: datetime | None = None) -> int:
    """One delivery of ``event`` per active target that wants it; the worker sends them after commit."""
    made = _made(db, organization_id, [(event, data)], now or utcnow())
    _insert(db, ctx, made, None)
    return len(made)


def emit_leased(
    db: DbSession, ctx, organization_id: str, events: list[tuple[str, dict]], now: datetime
) -> Leased | None:
    """``emit`` for the follower's batch of one organization (its targets read once for them all).
    The first ``BATCH`` deliveries are leased to the caller, which sends them once they have
    committed (``send_leased``); any beyond, and those of a follower that died, go to the worker."""
    made = _made(db, organization_id, events, now)
    if not made:
        return None
    leased = Leased(due=[due for _, due in made[:BATCH]], until=now + LEASE)
    _insert(db, ctx, made, leased)
    return leased


def _made(db: DbSession, organization_id: str, events: list[tuple[str, dict]], now: datetime) -> list[tuple[dict, Due]]:
    """Each delivery's row, and what sending it needs."""
    targets = repository.active(db, organization_id)
    made = []
    for event, data in events if targets else []:
        wanting = [w for w in targets if event in w.events]
        if not wanting:
            continue
        # As JSON will carry it (times as ISO 8601), so the stored payload is the one signed and sent.
        payload = json.loads(json.dumps({"type": event, "timestamp": now.isoformat(), "data": data}, default=_iso))
        for w in wanting:
            due = Due(new_id(), f"msg_{new_id().replace('-', '')}", payload, w.url, w.secret)
            row = {
                "id": due.id,
                "organization_id": organization_id,
                "webhook_id": w.id,
                "event": event,
                "message_id": due.message_id,
                "payload": payload,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "lease_until": None,
                "created_at": now,
            }
            made.append((row, due))
    return made


def _insert(db: DbSession, ctx, made: list[tuple[dict, Due]], leased: Leased | None) -> None:
    """One INSERT for them all (a change feed batch makes hundreds of rows, no objects needed); the
    worker is asked to send those not leased to the caller."""
    if not made:
        return
    held = len(leased.due) if leased else 0
    for row, _ in made[:held]:
        row["lease_until"] = leased.until
    db.execute(insert(WebhookDelivery.__table__), [row for row, _ in made])
    if len(made) > held:
        ctx.outbox.enqueue(db, "presence.deliver_webhooks")


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def backoff(attempts: int, base: float) -> timedelta:
    """The wait before the next try: doubling from ``base`` seconds, at most an hour, +-20 % jitter."""
    return timedelta(seconds=min(3600.0, base * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2))


def deliver_due(database: Database, ctx, limit: int = BATCH, drain_seconds: float = 30.0) -> int:
    """Claim the deliveries due now and send them side by side, batch after batch while full ones
    come (for at most ``drain_seconds``, then the next task goes on); how many were tried. A batch
    is read in one query and its outcomes are recorded in one transaction once its last is sent."""
    tried, started = 0, time.monotonic()
    while True:
        claimed, lease = database.transaction(repository.claim_due, utcnow(), LEASE, limit)
        if claimed:
            _send_and_record(database, ctx, database.read(repository.deliveries_with_targets, claimed), lease)
        tried += len(claimed)
        if len(claimed) < limit or time.monotonic() - started > drain_seconds:
            return tried


def send_leased(database: Database, ctx, leased: Leased | None) -> None:
    """Send the follower's committed deliveries beside its next decisions (``emit_leased``)."""
    if leased:
        _dispatch.submit(_send_leased, database, ctx, leased)


def _send_leased(database: Database, ctx, leased: Leased) -> None:
    if in_time(leased, utcnow(), ctx.settings.webhook_timeout_seconds):
        _send_and_record(database, ctx, leased.due, leased.until, _follower_senders)


def in_time(leased: Leased, now: datetime, timeout: float) -> bool:
    """Whether the lease outlasts the batch's longest sending (its deliveries go ``SENDERS`` side by
    side, each waiting out ``timeout`` at most). One that waited too long behind batches to a
    hanging target is left to the worker, which takes it once the lease has ended: a delivery is
    never sent twice at once."""
    longest = -(-len(leased.due) // SENDERS) * timeout
    return leased.until - now >= timedelta(seconds=longest + 5)


def _send_and_record(
    database: Database, ctx, due: list, lease: datetime, senders: ThreadPoolExecutor = _senders
) -> None:
    """Send the deliveries side by side and record their outcomes in one transaction once the last
    is sent (``lease`` keeps any other worker off them meanwhile)."""
    sending = [senders.submit(_attempt, ctx, row) for row in due]
    outcomes = {row.id: future.result() for row, future in zip(due, sending, strict=True)}
    if outcomes:
        database.transaction(_record, ctx, outcomes, lease)


def _attempt(ctx, row) -> tuple[int | None, str | None]:
    """Send one delivery (a row of ``deliveries_with_targets``); the target's response status, or
    why there was none."""
    try:
        return send(ctx, row.url, row.secret, row.message_id, row.payload), None
    except (guard.Refused, guard.Unresolved) as exc:
        return None, str(exc)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def send(ctx, url: str, secret: str, message_id: str, payload: dict) -> int:
    """Post a signed delivery to the address the target's check allows; its response status."""
    settings = ctx.settings
    target = guard.check(url, https_only=settings.is_production, test_hosts=settings.webhook_test_host_map)
    body = json.dumps(payload, separators=(",", ":")).encode()
    now = utcnow()
    headers = {
        "content-type": "application/json",
        "user-agent": "Omnipresence-Webhooks/1",
        "host": target.host if target.port in (80, 443) else f"{target.host}:{target.port}",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Signer(secret).sign(message_id, now, body),
    }
    address = f"[{target.address}]" if ":" in target.address else target.address
    response = _client(target.scheme, target.address, target.port, target.host).post(
        f"{target.scheme}://{address}:{target.port}{target.path}",
        content=body,
        headers=headers,
        extensions={"sni_hostname": target.host},
        timeout=httpx.Timeout(settings.webhook_timeout_seconds, connect=settings.webhook_connect_timeout_seconds),
    )
    return response.status_code


# Kept-alive connections, one client per checked address and name: a connection is only ever reused
# for the address the guard allowed and the name its TLS was verified for. The least recently used
# client is let go beyond this many.
MAX_CLIENTS = 256
_clients: OrderedDict[tuple, httpx.Client] = OrderedDict()
_clients_lock = threading.Lock()


def _client(scheme: str, address: str, port: int, host: str) -> httpx.Client:
    key = (scheme, address, port, host)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = httpx.Client(verify=_tls, follow_redirects=False, trust_env=False)
            if len(_clients) > MAX_CLIENTS:
                _clients.popitem(last=False)[1].close()
        else:
            _clients.move_to_end(key)
        return client


def _record(db: DbSession, ctx, outcomes: dict[str, tuple[int | None, str | None]], lease: datetime) -> None:
    """The batch's outcomes: the delivered ones in one UPDATE per response status (most batches:
    one), the others one by one, each with its next try; only on deliveries still held by the lease
    they were sent under (one redelivered meanwhile is sent again)."""
    now = utcnow()
    delivered: dict[int, list[str]] = defaultdict(list)
    failed = []
    for delivery_id, (status, _) in outcomes.items():
        if status is not None and 200 <= status < 300:
            delivered[status].append(delivery_id)
        else:
            failed.append(delivery_id)
    for status, ids in delivered.items():
        repository.mark_delivered(db, ids, status, now, lease)
    if failed:
        for delivery_id, delivery in repository.locked_deliveries(db, failed, lease).items():
            _failed(ctx, delivery, *outcomes[delivery_id], now)


def _failed(ctx, delivery: WebhookDelivery, status: int | None, error: str | None, now: datetime) -> None:
    """An attempt that was not delivered: tried again after a backoff, for a day."""
    delivery.attempts += 1
    delivery.response_status, delivery.lease_until = status, None
    delivery.last_error = error or f"The target answered {status}."
    retry_at = now + backoff(delivery.attempts, ctx.settings.webhook_backoff_seconds)
    if retry_at - delivery.created_at > GIVE_UP_AFTER:
        delivery.status, delivery.next_attempt_at = "failed", None
    else:
        delivery.next_attempt_at = retry_at
    log.info(
        "a webhook delivery failed",
        extra={
            "delivery_id": delivery.id,
            "status": status,
            "error": delivery.last_error,
            "attempts": delivery.attempts,
        },
    )
