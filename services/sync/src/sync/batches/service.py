"""Receiving an offline batch: the envelope is checked, the whole batch stored, the merge queued."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal, Role
from omni_common.context import accept_device_name, current_device_name
from omni_common.db.base import utcnow
from omni_common.db.database import RetryTransaction
from omni_common.errors import Invalid, NotFound, TooManyRequests
from omni_common.ids import new_id
from sync.batches import repository
from sync.batches.models import SyncBatch
from sync.batches.schemas import BatchAccepted, BatchIn, BatchOut, Counts, ItemResult
from sync.config import Settings
from sync.context import SyncContext


def receive(
    session: Session,
    ctx: SyncContext,
    principal: Principal,
    body: BatchIn,
    raw: bytes,
    idempotency_key: str | None,
) -> BatchAccepted:
    """Store the batch as sent and queue its merge (after commit). The same Idempotency-Key again
    answers with the batch it made."""
    settings = ctx.settings
    if len(body.mutations) > settings.max_mutations:
        raise TooManyRequests(
            60,
            f"At most {settings.max_mutations} changes in one batch; send the rest in another.",
            limit=settings.max_mutations,
        )
    request_hash = hashlib.sha256(raw).hexdigest()
    if idempotency_key:
        earlier = repository.by_idempotency_key(session, principal.organization_id, principal.user_id, idempotency_key)
        if earlier is not None:
            if earlier.request_hash != request_hash:
                raise Invalid.field("Idempotency-Key", "This key was used for a different batch.", "key_reused")
            return _accepted(settings, earlier)
    now = utcnow()
    skew = (now - body.sent_at).total_seconds()
    batch = SyncBatch(
        id=new_id(),
        organization_id=principal.organization_id,
        user_id=principal.user_id,
        role=principal.role,
        timezone=principal.timezone,
        device_id=body.device_id,
        device_name=accept_device_name(body.device_name) or current_device_name(),
        sent_at=body.sent_at,
        received_at=now,
        skew_seconds=skew,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        status="queued",
        mutation_count=len(body.mutations),
        counts=Counts().model_dump(),
    )
    session.add(batch)
    try:
        session.flush()
    except IntegrityError:
        raise RetryTransaction("the same idempotency key, twice at once") from None
    flagged = skewed(settings, skew)
    correction = timedelta(seconds=skew)
    if body.mutations:
        repository.insert_items(
            session,
            [
                {
                    "id": new_id(),
                    "organization_id": principal.organization_id,
                    "batch_id": batch.id,
                    "position": i,
                    **m.model_dump(),
                    "corrected_time": m.client_time + correction,
                    "clock_skewed": flagged,
                }
                for i, m in enumerate(body.mutations)
            ],
        )
    ctx.outbox.enqueue(session, "sync.merge_batch", batch_id=batch.id)
    return _accepted(settings, batch)


def skewed(settings: Settings, skew_seconds: float) -> bool:
    """A device clock off by more than a few minutes is flagged (SPEC §4.5 step 4)."""
    return abs(skew_seconds) > settings.clock_skew_warn_seconds


def _accepted(settings: Settings, batch: SyncBatch) -> BatchAccepted:
    return BatchAccepted(
        batch_id=batch.id,
        status=batch.status,
        clock_skew_seconds=batch.skew_seconds,
        clock_skewed=skewed(settings, batch.skew_seconds),
    )


def get_batch(
    session: Session, ctx: SyncContext, principal: Principal, batch_id: str, *, with_results: bool = True
) -> BatchOut:
    """A frontline user sees their own batches; managers and admins every batch of the organization."""
    batch = repository.visible(session, principal, batch_id, own_only=principal.role not in (Role.admin, Role.manager))
    if batch is None:
        raise NotFound()
    items = repository.results(session, batch.id) if with_results else []
    return BatchOut(
        batch_id=batch.id,
        status=batch.status,
        progress=batch.progress,
        counts=Counts(**batch.counts),
        error=batch.error,
        device_id=batch.device_id,
        device_name=batch.device_name,
        received_at=batch.received_at,
        completed_at=batch.completed_at,
        clock_skew_seconds=batch.skew_seconds,
        clock_skewed=skewed(ctx.settings, batch.skew_seconds),
        results=[ItemResult(mutation_id=m, outcome=o, version=v, conflict_id=c, reason=r) for m, o, v, c, r in items],
    )
