"""What presence's use cases need besides the database session."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from omni_common.audit import AuditWriter
from omni_common.auth.kiosk import KEY_PURPOSE
from omni_common.db.database import Database
from omni_common.idempotency import Idempotency
from omni_common.internal import ServiceClient
from omni_common.outbox import Outbox
from omni_common.ratelimit import Limiter
from presence.config import Settings
from presence.database import IdempotentRequest
from presence.directory import Directory
from presence.events.publisher import LiveEvents
from presence.records.rules import Window
from presence.self_check_in.codes import Codes


@dataclass
class PresenceContext:
    settings: Settings
    audit: AuditWriter
    directory: Directory
    idempotency: Idempotency
    limiter: Limiter
    codes: Codes
    # Signs kiosk tokens (omni_common.auth.kiosk).
    kiosk_key: str
    # Tells watchers of a session what changed, after each commit.
    events: LiveEvents
    # Presence's work after commit, for its worker (webhook deliveries, ...).
    outbox: Outbox

    @property
    def window(self) -> Window:
        """How far around a session an offline change, a check-in or a check-out still belongs to it."""
        return Window(
            before=timedelta(minutes=self.settings.sync_window_before_minutes),
            after=timedelta(minutes=self.settings.sync_window_after_minutes),
        )


def build_context(
    settings: Settings, audit: AuditWriter, redis, identity: ServiceClient, database: Database, outbox: Outbox
) -> PresenceContext:
    """The context the API and the worker share."""
    return PresenceContext(
        settings=settings,
        audit=audit,
        directory=Directory(identity, redis),
        idempotency=Idempotency(IdempotentRequest),
        limiter=Limiter(redis),
        codes=Codes(
            settings.derive("self-check-in-code"), settings.check_in_code_seconds, settings.check_in_code_grace_seconds
        ),
        kiosk_key=settings.derive(KEY_PURPOSE),
        events=LiveEvents(redis, database, settings.live_counts_seconds),
        outbox=outbox,
    )


async def get_ctx(request: Request) -> PresenceContext:
    return request.app.state.presence


Ctx = Annotated[PresenceContext, Depends(get_ctx)]
