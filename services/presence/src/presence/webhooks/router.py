from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from omni_common.auth.dependencies import Admin
from omni_common.idempotency import Fingerprint
from omni_common.kit import Db
from omni_common.pagination import LimitQuery, Page
from presence.context import Ctx
from presence.webhooks import service
from presence.webhooks.schemas import DeliveryOut, WebhookCreate, WebhookCreated, WebhookOut, WebhookPatch

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"])


@router.get("", response_model=Page[WebhookOut], summary="List webhooks")
def list_webhooks(*, cursor: str | None = None, limit: int = LimitQuery, principal: Admin, db: Db):
    """The organization's webhook targets (administrators)."""
    return db.read(service.list_webhooks, principal, cursor, limit)


@router.post("", response_model=WebhookCreated, status_code=status.HTTP_201_CREATED, summary="Add a webhook")
def create_webhook(
    *, body: WebhookCreate, request: Request, fingerprint: Fingerprint, principal: Admin, db: Db, ctx: Ctx
):
    """A target for events, over https (in production); the answer's `secret` is shown only this
    once. A URL that leads to a loopback, private, link-local or metadata address → 422 naming
    `url` (checked again before every delivery)."""
    return ctx.idempotency.respond(
        db, request, fingerprint, principal, lambda s: (201, service.create(s, ctx, principal, body))
    )


@router.get("/{webhook_id}", response_model=WebhookOut, summary="A webhook")
def get_webhook(webhook_id: str, principal: Admin, db: Db):
    return db.read(lambda s: WebhookOut.model_validate(service.get(s, principal, webhook_id)))


@router.patch("/{webhook_id}", response_model=WebhookOut, summary="Change a webhook")
def update_webhook(webhook_id: str, body: WebhookPatch, principal: Admin, db: Db, ctx: Ctx):
    return db.transaction(lambda s: WebhookOut.model_validate(service.update(s, ctx, principal, webhook_id, body)))


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a webhook")
def delete_webhook(webhook_id: str, principal: Admin, db: Db, ctx: Ctx):
    db.transaction(service.delete, ctx, principal, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{webhook_id}/deliveries", response_model=Page[DeliveryOut], summary="A webhook's deliveries")
def list_deliveries(*, webhook_id: str, cursor: str | None = None, limit: int = LimitQuery, principal: Admin, db: Db):
    """The target's delivery log, newest first: status, attempts, the response's status, the next try."""
    return db.read(service.deliveries, principal, webhook_id, cursor, limit)


@router.post(
    "/{webhook_id}/test",
    response_model=DeliveryOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a test event to a webhook",
)
def test_webhook(webhook_id: str, principal: Admin, db: Db, ctx: Ctx):
    """Send a `webhook.test` event to the target now; follow it in the delivery log."""
    return JSONResponse(
        db.transaction(service.send_test, ctx, principal, webhook_id).model_dump(mode="json"), status_code=202
    )


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    response_model=DeliveryOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Send a webhook delivery again",
)
def redeliver(webhook_id: str, delivery_id: str, principal: Admin, db: Db, ctx: Ctx):
    """Send a delivery again now (the same webhook-id), with a day of retries from now."""
    answer = db.transaction(service.redeliver, ctx, principal, webhook_id, delivery_id)
    return JSONResponse(answer.model_dump(mode="json"), status_code=202)
