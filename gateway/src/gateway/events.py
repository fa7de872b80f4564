"""Live updates (SPEC §4.3, §8 `GET /api/events`): server-sent events held here, never by a service.

A stream is async from end to end, so thousands fit in one process and none holds a thread or a
database connection anywhere: the gateway authenticates the caller itself (the token, and the
login session without counting the stream as activity), asks presence once whether the caller may
watch the session (as its roster: 404 for a session they may not see), and listens on Redis, where
presence publishes every change after its commit (presence/events/publisher.py). One pattern
subscription per gateway process feeds every stream that watches a channel.

Each event's id is its change-feed position. A client that reconnects with Last-Event-ID gets what
it missed from the feed first — a little from before that id too, so an event published late by
another presence process never falls in the gap; clients apply records by version — then the live
events. Between events a comment keeps the connection open, and every heartbeat the login session
is checked again: a signed-out or timed-out user's stream ends within one heartbeat.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator

import anyio.to_thread
import httpx
import redis.asyncio as aioredis
from fastapi import Request
from fastapi.responses import StreamingResponse
from prometheus_client import Gauge

from gateway.config import Settings
from gateway.proxy import Upstreams
from omni_common.auth.dependencies import BACKGROUND_HEADER, Authenticator, bearer_token
from omni_common.errors import Invalid, Problem, ServiceUnavailable, Unauthorized
from omni_common.internal import SERVICE_TOKEN_HEADER

log = logging.getLogger(__name__)

OPEN_STREAMS = Gauge("omni_gateway_open_event_streams", "Server-sent event streams open now")
PATTERN = "omni:events:*"
RESYNC = object()  # the subscription was lost for a moment: replay from the feed
# How far before a resuming client's last id the replay starts (positions of the organization's feed).
REPLAY_MARGIN = 1000


class EventHub:
    """One Redis pattern subscription per gateway process, fanned out to the streams on each channel."""

    def __init__(self, redis_url: str, queue_size: int):
        self.redis_url = redis_url
        self.queue_size = queue_size
        self.listeners: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._task: asyncio.Task | None = None

    def subscribe(self, channel: str) -> asyncio.Queue:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        queue: asyncio.Queue = asyncio.Queue(self.queue_size)
        self.listeners[channel].add(queue)
        return queue

    def unsubscribe(self, channel: str, queue: asyncio.Queue) -> None:
        self.listeners[channel].discard(queue)
        if not self.listeners[channel]:
            del self.listeners[channel]

    def _offer(self, queue: asyncio.Queue, item) -> None:
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:  # a client that cannot keep up gets what it missed from the feed
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(RESYNC)

    async def _run(self) -> None:
        delay = 0.5
        while True:
            client = aioredis.Redis.from_url(self.redis_url, socket_connect_timeout=3)
            try:
                pubsub = client.pubsub()
                await pubsub.psubscribe(PATTERN)
                for queues in list(self.listeners.values()):  # what came while unsubscribed
                    for queue in queues:
                        self._offer(queue, RESYNC)
                delay = 0.5
                async for message in pubsub.listen():
                    if message["type"] != "pmessage":
                        continue
                    for queue in list(self.listeners.get(message["channel"].decode(), ())):
                        self._offer(queue, message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("the live-events subscription was lost; resubscribing", exc_info=True)
                await asyncio.sleep(delay)
                delay = min(10.0, delay * 2)
            finally:
                await client.aclose()

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()


def _sse(event: dict) -> bytes:
    data = json.dumps(event["data"], separators=(",", ":"))
    return f"id: {event['id']}\nevent: {event['event']}\ndata: {data}\n\n".encode()


class LiveStreams:
    def __init__(self, settings: Settings, upstreams: Upstreams, authenticator: Authenticator):
        self.settings = settings
        self.upstreams = upstreams
        self.authenticator = authenticator
        self.hub = EventHub(settings.redis_url, settings.events_queue_size)

    async def open(self, request: Request) -> StreamingResponse:
        token = bearer_token(request)
        if token is None:
            raise Unauthorized()
        claims = await self._check(token)
        session_id = request.query_params.get("session_id") or None
        if session_id is not None and (len(session_id) > 36 or not session_id.isprintable()):
            raise Invalid.field("session_id", "Not a session id.", "not_found")
        await self._authorize(request, session_id)
        channel = f"omni:events:session:{session_id}" if session_id else f"omni:events:user:{claims['sub']}"
        last = request.headers.get("last-event-id", "")
        resume = int(last) if last.isdigit() else None
        queue = self.hub.subscribe(channel)  # before any replay: nothing falls between the two
        return StreamingResponse(
            self._events(token, session_id, channel, queue, resume),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
        )

    async def _check(self, token: str) -> dict:
        """The token's claims while its login session is active (a stream is not activity)."""
        principal = await anyio.to_thread.run_sync(lambda: self.authenticator.authenticate(token, touch=False))
        return {"sub": principal.user_id, "org": principal.organization_id}

    async def _authorize(self, request: Request, session_id: str | None) -> None:
        """Presence says whether the caller may watch the session, with the caller's own token."""
        headers = {
            "Authorization": request.headers["authorization"],
            BACKGROUND_HEADER: "1",
            SERVICE_TOKEN_HEADER: self.settings.service_token,
        }
        try:
            answer = await self.upstreams.client.get(
                self.upstreams.base_url("presence") + "/internal/events/authorize",
                params={"session_id": session_id} if session_id else None,
                headers=headers,
            )
        except httpx.HTTPError:
            raise ServiceUnavailable("Live updates are unavailable just now.", headers={"Retry-After": "5"}) from None
        if answer.status_code != 200:
            body = answer.json() if answer.headers.get("content-type", "").endswith("json") else {}
            raise Problem(body.get("detail"), status=answer.status_code, title=body.get("title"))

    async def _replay(self, session_id: str, after: int) -> dict:
        answer = await self.upstreams.client.get(
            self.upstreams.base_url("presence") + "/internal/events/replay",
            params={"session_id": session_id, "after": max(0, after - REPLAY_MARGIN)},
            headers={SERVICE_TOKEN_HEADER: self.settings.service_token},
        )
        answer.raise_for_status()
        return answer.json()

    async def _events(
        self, token: str, session_id: str | None, channel: str, queue: asyncio.Queue, resume: int | None
    ) -> AsyncIterator[bytes]:
        OPEN_STREAMS.inc()
        seen: OrderedDict[tuple, None] = OrderedDict()  # (record id, version) of presence events sent
        last = resume or 0
        try:
            yield f"retry: {int(self.settings.events_retry_ms)}\n\n".encode()
            if resume is not None and session_id:
                async for chunk in self._resync(session_id, last, seen):
                    yield chunk
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), self.settings.events_heartbeat_seconds)
                except TimeoutError:
                    try:
                        await self._check(token)
                    except Problem as ended:  # signed out, timed out, or the token expired
                        reason = json.dumps({"reason": ended.slug or "unauthorized", "detail": ended.detail})
                        yield f"event: end\ndata: {reason}\n\n".encode()
                        return
                    yield b": heartbeat\n\n"
                    continue
                if item is RESYNC:
                    if session_id:
                        async for chunk in self._resync(session_id, last, seen):
                            yield chunk
                    continue
                event = json.loads(item)
                if _already_sent(event, seen):
                    continue
                last = max(last, int(event["id"]))
                yield _sse(event)
        finally:
            OPEN_STREAMS.dec()
            self.hub.unsubscribe(channel, queue)

    async def _resync(self, session_id: str, last: int, seen: OrderedDict) -> AsyncIterator[bytes]:
        try:
            missed = await self._replay(session_id, last)
        except httpx.HTTPError:
            log.warning("could not replay a stream's gap", exc_info=True)
            yield b"event: reset\ndata: {}\n\n"  # the client reads the roster again
            return
        if not missed["complete"]:
            yield b"event: reset\ndata: {}\n\n"
        for event in missed["events"]:
            if not _already_sent(event, seen):
                yield _sse(event)
        yield _sse(missed["counts"])

    async def aclose(self) -> None:
        await self.hub.aclose()


def _already_sent(event: dict, seen: OrderedDict) -> bool:
    """A presence event this stream sent already (a replay overlaps the live events); counts always go."""
    if event["event"] != "presence":
        return False
    key = (event["data"]["id"], event["data"]["version"])
    if key in seen:
        return True
    seen[key] = None
    while len(seen) > 5000:
        seen.popitem(last=False)
    return False
