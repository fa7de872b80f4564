"""Sending webhook deliveries (SPEC §4.8), on presence's worker.

An event becomes one delivery per subscribed target, in the transaction that decided it; the
worker then claims a batch of due deliveries (a lease committed first), sends them side by side —
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
_senders = ThreadPoolExecutor(max_workers=16, thread_name_prefix="webhook-send")
# One TLS context (the system's trusted roots, as httpx builds it) for every delivery: building it
# costs about 25 ms of CPU, which a client per delivery would otherwise pay each time.
_tls = httpx.create_ssl_context()


def emit(db: DbSession, ctx, organization_id: str, event: str, data: dict, now: datetime | None = None) -> int:
    """One delivery of ``event`` per active target that wants it; the worker sends them after commit."""
    return emit_all(db, ctx, organization_id, [(event, data)], now)


def emit_all(
    db: DbSession, ctx, organization_id: str, events: list[tuple[str, dict]], now: datetime | None = None
) -> int:
    """``emit`` for several events of one organization: its targets are read once for them all."""
    now = now or utcnow()
    targets = repository.active(db, organization_id)
    if not targets:
        return 0
    deliveries = []
    for event, data in events:
        wanting = [w for w in targets if event in w.events]
        if not wanting:
            continue
        # As JSON will carry it (times as ISO 8601), so the stored payload is the one signed and sent.
        payload = json.loads(json.dumps({"type": event, "timestamp": now.isoformat(), "data": data}, default=_iso))
        deliveries += [
            {
                "id": new_id(),
                "organization_id": organization_id,
                "webhook_id": w.id,
                "event": event,
                "message_id": f"msg_{new_id().replace('-', '')}",
                "payload": payload,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for w in wanting
        ]
    if deliveries:
        # One INSERT for a batch of changes: a change feed batch makes hundreds of rows, no objects needed.
        db.execute(insert(WebhookDelivery.__table__), deliveries)
        ctx.outbox.enqueue(db, "presence.deliver_webhooks")
    return len(deliveries)


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def backoff(attempts: int, base: float) -> timedelta:
    """The wait before the next try: doubling from ``base`` seconds, at most an hour, +-20 % jitter."""
    return timedelta(seconds=min(3600.0, base * 2 ** (attempts - 1)) * random.uniform(0.8, 1.2))


def deliver_due(database: Database, ctx, limit: int = 64, drain_seconds: float = 30.0) -> int:
    """Claim the deliveries due now and send them side by side, batch after batch while full ones
    come (for at most ``drain_seconds``, then the next task goes on); how many were tried. A batch
    is read in one query and its outcomes are recorded in one transaction once its last is sent."""
    tried, started = 0, time.monotonic()
    while True:
        claimed = database.transaction(repository.claim_due, utcnow(), LEASE, limit)
        found = database.read(repository.deliveries_with_targets, claimed) if claimed else []
        sending = [_senders.submit(_attempt, ctx, row) for row in found]
        outcomes = {row.id: future.result() for row, future in zip(found, sending, strict=True)}
        if outcomes:
            database.transaction(_record, ctx, outcomes)
        tried += len(claimed)
        if len(claimed) < limit or time.monotonic() - started > drain_seconds:
            return tried


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


def _record(db: DbSession, ctx, outcomes: dict[str, tuple[int | None, str | None]]) -> None:
    """The batch's outcomes: the delivered ones in one UPDATE per response status (most batches:
    one), the others one by one, each with its next try."""
    now = utcnow()
    delivered: dict[int, list[str]] = defaultdict(list)
    failed = []
    for delivery_id, (status, _) in outcomes.items():
        if status is not None and 200 <= status < 300:
            delivered[status].append(delivery_id)
        else:
            failed.append(delivery_id)
    for status, ids in delivered.items():
        repository.mark_delivered(db, ids, status, now)
    if failed:
        for delivery_id, delivery in repository.locked_deliveries(db, failed).items():
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
