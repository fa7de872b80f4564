from fastapi import APIRouter, Depends, Query

from omni_common.auth.dependencies import AnyUser
from omni_common.internal import require_service
from omni_common.kit import Db
from omni_common.pagination import LimitQuery
from presence.context import Ctx
from presence.notifications import service
from presence.notifications.schemas import NotificationOut, NotificationPage, NotifyIn

router = APIRouter(tags=["notifications"])
internal = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.get("/api/notifications", response_model=NotificationPage)
def list_notifications(
    *,
    unread: bool = Query(False, description="Only the unread ones."),
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: AnyUser,
    db: Db,
):
    """My notifications, newest first, with the unread count."""
    return db.read(service.list_notifications, principal, unread_only=unread, cursor=cursor, limit=limit)


@router.post("/api/notifications/{notification_id}/read", response_model=NotificationOut)
def mark_read(notification_id: str, principal: AnyUser, db: Db):
    return db.transaction(lambda s: NotificationOut.model_validate(service.mark_read(s, principal, notification_id)))


@internal.post("/notifications")
def notify(body: NotifyIn, db: Db, ctx: Ctx) -> dict:
    return {"sent": db.transaction(service.notify, ctx, body)}
