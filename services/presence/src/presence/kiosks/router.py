from fastapi import APIRouter, Request, Response, status

from omni_common.auth.dependencies import Recorder
from omni_common.auth.kiosk import kiosk_token
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from presence.context import Ctx
from presence.kiosks import service
from presence.kiosks.schemas import AttemptOut, KioskCreate, KioskCreated, KioskInfo, KioskOut, Scan, Scanned

router = APIRouter(prefix="/api/kiosks", tags=["kiosks"])


@router.get("", response_model=Page[KioskOut], summary="List kiosks")
def list_kiosks(
    *,
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: Recorder,
    db: Db,
):
    """Kiosks, newest first: all of the organization's for administrators, their own for frontline users."""
    return db.read(service.list_kiosks, principal, cursor, limit)


@router.post("", response_model=KioskCreated, status_code=status.HTTP_201_CREATED, summary="Set up a kiosk")
def create_kiosk(
    body: KioskCreate,
    request: Request,
    fingerprint: Fingerprint,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """A kiosk for check-in sessions the caller may record; the answer's `token` is shown only
    this once (the device keeps it). It works until `expires_at` (default: the end of its last
    session) or until revoked."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: (201, service.create(s, ctx, principal, body))
    )


@router.delete("/{kiosk_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke a kiosk")
def revoke_kiosk(
    kiosk_id: str,
    principal: Recorder,
    db: Db,
    ctx: Ctx,
):
    """Switch the kiosk off: its token is refused from the next scan on."""
    db.transaction(service.revoke, ctx, principal, kiosk_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{kiosk_id}/attempts", response_model=Page[AttemptOut], summary="A kiosk's scans")
def kiosk_attempts(
    *,
    kiosk_id: str,
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: Recorder,
    db: Db,
):
    """Every scan at the kiosk, newest first, with what came of it."""
    return db.read(service.attempts, principal, kiosk_id, cursor, limit)


# The kiosk device itself: `Authorization: Kiosk <token>`, no one's login.
device = APIRouter(prefix="/api/kiosk", tags=["kiosks"])


@device.get("", response_model=KioskInfo, summary="The kiosk's own sessions and words")
def kiosk_info(request: Request, db: Db, ctx: Ctx):
    """The kiosk's name, its sessions and the domain's words, for its screen."""
    return db.read(lambda s: service.info(s, ctx, service.authenticate(s, ctx, kiosk_token(request))))


@device.post("/scan", response_model=Scanned, summary="Scan a badge at a kiosk")
def scan(body: Scan, request: Request, db: Db, ctx: Ctx):
    """Check the badge's participant in at the kiosk's open session they belong to, or out if they
    are in (a check-in-and-out session). A participant with a PIN must give it; five wrong PINs in
    fifteen minutes lock the badge (429). Every scan is logged."""
    token = kiosk_token(request)
    return db.transaction(lambda s: service.scan(s, ctx, service.authenticate(s, ctx, token), body))
