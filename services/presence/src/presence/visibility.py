"""What each id in a presence path names, for a caller whose role the route never allows: 404 for
one they cannot see, 403 for one they can (SPEC §1, visibility first; omni_common.auth.visibility).

What a role sees is what the module's own lookups let it see (presence/access.py): a manager the
whole organization, a frontline user their groups' sessions, members, records and notices, an
external participant themselves — their own participant, records, notices and their groups'
sessions. The organization's configuration and devices (states, domains, webhooks, kiosks) are
the organization's to see: a role that may not change them is told 403."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session as DbSession

from omni_common.auth.principal import Principal, Role
from omni_common.auth.visibility import PathVisibility, in_organization
from presence.advance_notices import repository as notices
from presence.domains import repository as domains
from presence.domains.models import PresenceState
from presence.groups import repository as groups
from presence.kiosks.models import Kiosk
from presence.notifications import repository as notifications
from presence.participants import repository as participants
from presence.records import repository as records
from presence.sessions import repository as sessions
from presence.webhooks.models import Webhook, WebhookDelivery

Params = Mapping[str, str]


def _group(db: DbSession, principal: Principal, group_id: str, _params: Params) -> bool:
    return groups.get(db, principal, group_id) is not None


def _participant(db: DbSession, principal: Principal, participant_id: str, _params: Params) -> bool:
    if principal.role == Role.external:  # themselves, and nobody else
        return participant_id == principal.participant_id
    return participants.get_visible(db, principal, participant_id) is not None


def _session(db: DbSession, principal: Principal, session_id: str, _params: Params) -> bool:
    return sessions.get(db, principal, session_id) is not None


def _record(db: DbSession, principal: Principal, record_id: str, _params: Params) -> bool:
    return records.get_visible(db, principal, record_id) is not None


def _notice(db: DbSession, principal: Principal, notice_id: str, _params: Params) -> bool:
    return notices.get(db, principal, notice_id) is not None


def _domain(db: DbSession, principal: Principal, code: str, _params: Params) -> bool:
    return domains.domain_by_code(db, principal, code) is not None


def _assigned_user(db: DbSession, principal: Principal, user_id: str, params: Params) -> bool:
    """A user as the group's staff (presence knows users only as assignments)."""
    return any(a.user_id == user_id for a in groups.staff(db, params.get("group_id", "")))


def _notification(db: DbSession, principal: Principal, notification_id: str, _params: Params) -> bool:
    return notifications.mine(db, principal, notification_id) is not None


PATH_VISIBILITY = PathVisibility(
    {
        "group_id": _group,
        "participant_id": _participant,
        "session_id": _session,
        "record_id": _record,
        "notice_id": _notice,
        "code": _domain,
        "state_id": in_organization(PresenceState),
        "user_id": _assigned_user,
        "kiosk_id": in_organization(Kiosk),
        "webhook_id": in_organization(Webhook),
        "delivery_id": in_organization(WebhookDelivery),
        "notification_id": _notification,
    }
)
