from fastapi import APIRouter, Depends, Query

from omni_common.auth.dependencies import any_user
from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.internal import require_service
from omni_common.kit import get_database
from omni_common.pagination import LimitQuery
from presence.context import PresenceContext, get_ctx
from presence.notifications import service
from presence.notifications.schemas import NotificationOut, NotificationPage, NotifyIn

router = APIRouter(tags=["notifications"])
internal = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.get("/api/notifications", response_model=NotificationPage)
def list_notifications(
    unread: bool = Query(False, description="Only the unread ones."),
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: Principal = Depends(any_user),
    db: Database = Depends(get_database),
):
    """My notifications, newest first, with the unread count."""
    return db.read(service.list_notifications, principal, unread_only=unread, cursor=cursor, limit=limit)


@router.post("/api/notifications/{notification_id}/read", response_model=NotificationOut)
def mark_read(notification_id: str, principal: Principal = Depends(any_user), db: Database = Depends(get_database)):
    return db.transaction(lambda s: NotificationOut.model_validate(service.mark_read(s, principal, notification_id)))


@internal.post("/notifications")
def notify(body: NotifyIn, db: Database = Depends(get_database), ctx: PresenceContext = Depends(get_ctx)) -> dict:
    return {"sent": db.transaction(service.notify, ctx, body)}
