from fastapi import APIRouter, Depends, Query

from omni_common.auth.dependencies import Admin, AnyUser, Manager
from omni_common.internal import require_service
from omni_common.kit import Db
from omni_common.pagination import LimitQuery
from presence.context import Ctx
from presence.notifications import service
from presence.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    NotifyIn,
    Preferences,
    RulesOut,
    RulesPatch,
)

router = APIRouter(tags=["notifications"])
internal = APIRouter(prefix="/internal", dependencies=[Depends(require_service)], include_in_schema=False)


@router.get("/api/notifications", response_model=NotificationPage, summary="My notifications")
def list_notifications(
    *,
    unread: bool = Query(False, description="Only the unread ones."),
    cursor: str | None = None,
    limit: int = LimitQuery,
    principal: AnyUser,
    db: Db,
):
    """My notifications, newest first, with the unread count; each names the screen (`link`) that
    deals with it."""
    return db.read(service.list_notifications, principal, unread_only=unread, cursor=cursor, limit=limit)


@router.post(
    "/api/notifications/{notification_id}/read", response_model=NotificationOut, summary="Mark a notification read"
)
def mark_read(notification_id: str, principal: AnyUser, db: Db):
    return db.transaction(lambda s: NotificationOut.model_validate(service.mark_read(s, principal, notification_id)))


@router.post("/api/notifications/read-all", summary="Mark all my notifications read")
def mark_all_read(principal: AnyUser, db: Db) -> dict:
    """Mark every notification of mine read."""
    return db.transaction(service.mark_all_read, principal)


@router.get("/api/notification-rules", response_model=RulesOut, summary="The notification rules")
def get_rules(principal: Manager, db: Db):
    """The organization's notification rules (administrators and managers)."""
    return db.transaction(service.rules, principal)


@router.patch("/api/notification-rules", response_model=RulesOut, summary="Change the notification rules")
def update_rules(body: RulesPatch, principal: Admin, db: Db, ctx: Ctx):
    """Change the rules (administrators); a number set to null switches its rule off."""
    return db.transaction(service.update_rules, ctx, principal, body)


@router.get("/api/notification-preferences", response_model=Preferences, summary="My email preferences")
def get_preferences(principal: AnyUser, db: Db):
    """Whether I get each kind of notification by email."""
    return db.read(service.preferences, principal)


@router.patch("/api/notification-preferences", response_model=Preferences, summary="Change my email preferences")
def update_preferences(body: Preferences, principal: AnyUser, db: Db, ctx: Ctx):
    """Change some of my email choices: `{email: {kind: false}}`."""
    return db.transaction(service.update_preferences, ctx, principal, body)


@internal.post("/notifications")
def notify(body: NotifyIn, db: Db, ctx: Ctx) -> dict:
    return {"sent": db.transaction(service.notify, ctx, body)}
