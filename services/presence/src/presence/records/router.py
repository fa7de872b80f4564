from fastapi import APIRouter, Header, Query, Request

from omni_common.auth.dependencies import AnyUser, Recorder, Staff
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from omni_common.schemas import Day
from presence.context import Ctx
from presence.records import change_feed, checkins, service
from presence.records.schemas import BulkIn, BulkOut, ChangesOut, CheckIn, HistoryOut, RecordIn, RecordOut, RosterOut

router = APIRouter(tags=["presence"])
DeviceHeader = Header(None, alias="X-Omni-Device", max_length=128, description="The recording device's id.")


@router.post(
    "/api/presence",
    response_model=RecordOut,
    responses={201: {"model": RecordOut}},
    summary="Record one participant's presence",
)
def record(
    *,
    body: RecordIn,
    request: Request,
    fingerprint: Fingerprint,
    device: str | None = DeviceHeader,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """Record one participant: 201 with a new record, 200 with a changed (or unchanged) one; 409 with
    `current` when `expected_version` is stale. The same `mutation_id` again returns the first answer."""

    def once(session):
        outcome = service.record_one(session, ctx, principal, body, device)
        return (201 if outcome.created else 200), outcome.record

    return ctx.idempotency.respond(db, request, fingerprint, principal, once)


def _check_in_or_out(out: bool):
    def route(
        *,
        session_id: str,
        body: CheckIn,
        request: Request,
        fingerprint: Fingerprint,
        device: str | None = DeviceHeader,
        principal: Recorder,
        db: Db,
        ctx: Ctx,
    ):
        def once(session):
            done = checkins.staff_check(
                session, ctx, principal, session_id, body.participant_id, body.at, body.mutation_id, device, out=out
            )
            return (201 if done.created else 200), done.record

        return ctx.idempotency.respond(db, request, fingerprint, principal, once)

    return route


router.add_api_route(
    "/api/sessions/{session_id}/check-in",
    _check_in_or_out(out=False),
    methods=["POST"],
    name="check_in",
    response_model=RecordOut,
    responses={201: {"model": RecordOut}},
    summary="Check in",
    description="Check a participant in (`at` defaults to now): 201 with a new record, else 200. A check-in after "
    "the start plus the group's `late_after_minutes` records the domain's first late state, otherwise its "
    "present state; someone already in stays as they are; coming back after a check-out clears it and keeps "
    "the first check-in.",
)
router.add_api_route(
    "/api/sessions/{session_id}/check-out",
    _check_in_or_out(out=True),
    methods=["POST"],
    name="check_out",
    response_model=RecordOut,
    summary="Check out",
    description="Check a participant out (`at` defaults to now); 422 naming `participant_id` if they never checked "
    "in, naming `at` if it is before their check-in.",
)


@router.post("/api/presence/bulk", response_model=BulkOut, summary="Record a whole roster at once")
def record_bulk(
    *,
    body: BulkIn,
    request: Request,
    fingerprint: Fingerprint,
    device: str | None = DeviceHeader,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """Record a whole roster at once, all or nothing; `only_unmarked` leaves colleagues' marks alone."""
    return ctx.idempotency.respond(
        db,
        request,
        fingerprint,
        principal,
        lambda s: (200, BulkOut(items=service.record_bulk(s, ctx, principal, body, device))),
    )


@router.get("/api/presence", response_model=Page[RecordOut], summary="List presence records")
def list_records(
    *,
    session_id: str | None = Query(None, max_length=36),
    group_id: str | None = Query(None, max_length=36),
    participant_id: str | None = Query(None, max_length=36),
    state: str | None = Query(None, max_length=32),
    from_: Day | None = Query(None, alias="from"),
    to: Day | None = None,
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: AnyUser,
    db: Db,
):
    """Presence records; `from`/`to` are days in the organization's timezone (by session start).
    An external participant sees their own."""
    return db.read(
        service.list_records,
        principal,
        session_id=session_id,
        group_id=group_id,
        participant_id=participant_id,
        state=state,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )


@router.get("/api/presence/{record_id}/history", response_model=HistoryOut, summary="A record's history")
def record_history(
    record_id: str,
    principal: AnyUser,
    db: Db,
    ctx: Ctx,
):
    """Every version of the record, oldest first (a participant: of their own records)."""
    return HistoryOut(items=db.read(service.history, ctx, principal, record_id))


@router.get("/api/sync/changes", response_model=ChangesOut, summary="What changed since a cursor (the change feed)")
def changes(
    *,
    cursor: str | None = Query(
        None, description="Where the last answer ended; none for the beginning; `latest` for now (no items)."
    ),
    limit: int = Query(500, ge=1, le=1000),
    principal: AnyUser,
    db: Db,
):
    """Records changed since `cursor` that the caller may see, in the order they were committed; pass
    the answer's `cursor` next time. A cursor never skips a committed change."""
    items, next_cursor = db.read(change_feed.changes_since, principal, cursor, limit)
    return ChangesOut(items=items, cursor=next_cursor)


@router.get("/api/sessions/{session_id}/roster", response_model=RosterOut, summary="A session's roster")
def roster(session_id: str, principal: Staff, db: Db):
    """Every member of the session's group while it ran, with their record or null, and counts per state."""
    return db.read(service.roster, principal, session_id)
