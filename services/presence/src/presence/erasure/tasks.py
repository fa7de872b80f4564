"""Presence's worker asks each other service to erase its part of a participant's erasure
(``presence.erase_elsewhere``, one task per service, ids only), until it answers 2xx: while it is
down or refuses, the task is tried again later, waiting twice as long each time."""

from __future__ import annotations

import logging

import httpx
from celery import Celery
from celery.exceptions import Ignore

from omni_common.db.database import Database
from omni_common.internal import ServiceClient
from presence.config import Settings
from presence.erasure import service as erasure
from presence.erasure.service import ERASE_TASK

log = logging.getLogger(__name__)

PATH = "/internal/erasures"


def clients(settings: Settings) -> dict[str, ServiceClient]:
    """A client per service (a big organization's erasure takes a while: a minute per answer)."""
    urls = {"identity": settings.identity_url, "sync": settings.sync_url, "reporting": settings.reporting_url}
    return {name: ServiceClient(url, settings.service_token, timeout=60.0) for name, url in urls.items()}


def ask(client: ServiceClient, body: dict) -> str | None:
    """None if the service erased its part, else why not (a status or an error's kind)."""
    try:
        answer = client.request("POST", PATH, json=body)
    except httpx.HTTPError as exc:
        return type(exc).__name__
    return None if 200 <= answer.status_code < 300 else f"HTTP {answer.status_code}"


def register(app: Celery, database: Database, ctx, services: dict[str, ServiceClient]) -> None:
    settings: Settings = ctx.settings
    # A countdown the broker would hand out again before it is due is left to the outbox sweeper.
    longest_countdown = app.conf.broker_transport_options["visibility_timeout"] - 60

    @app.task(name=ERASE_TASK, bind=True, max_retries=None)
    def erase_elsewhere(self, *, erasure_id: str, service: str) -> str:
        body = database.read(erasure.request_of, erasure_id, service)
        if body is None or service not in services:
            return "nothing to do"
        failure = ask(services[service], body)
        if failure is None:
            database.transaction(erasure.step_done, erasure_id, service)
            return "erased"
        attempts = database.transaction(erasure.step_failed, erasure_id, service, failure)
        delay = min(settings.erasure_retry_max_seconds, settings.erasure_retry_seconds * 2 ** max(0, attempts - 1))
        log.warning(
            "a service did not erase its part yet; asking again later",
            extra={"erasure_id": erasure_id, "service": service, "reason": failure, "retry_in_seconds": delay},
        )
        ctx.outbox.later(self.request.id, delay)
        if delay <= longest_countdown:
            raise self.retry(countdown=delay)
        raise Ignore()  # the sweeper publishes it once due
