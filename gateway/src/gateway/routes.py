"""The public API (SPEC §8) as data: which service answers each route, and who may call it.

The gateway routes by this table and answers 404/405 itself for anything else under /api; the
role-by-tenant matrix test is generated from it; the combined OpenAPI is checked against it. A new
route lands here, in its service, and in the matrix fixtures together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from omni_common.auth.principal import Role

ALL = frozenset(Role)
STAFF = frozenset({Role.admin, Role.manager, Role.frontline})
RECORDERS = frozenset({Role.admin, Role.frontline})
EXTERNAL = frozenset({Role.external})
MANAGERS = frozenset({Role.admin, Role.manager})
ADMINS = frozenset({Role.admin})
PUBLIC: frozenset[Role] = frozenset()

GATEWAY = "gateway"  # routes the gateway answers itself


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    service: str
    # Roles that may call it; PUBLIC means no token is needed.
    roles: frozenset[Role]
    # What a {placeholder} in the path names, for the matrix test's fixtures: one kind for every
    # placeholder, or a kind per placeholder ({"id": "group", "participant_id": "member"}).
    resource: str | dict[str, str] | None = None
    # A long-lived stream (server-sent events): its own client and timeouts.
    stream: bool = False
    # Signing in or refreshing a token: without a valid token, counted in a budget of its own per
    # address (gateway/ratelimit.py), never in the one the address's other requests share.
    sign_in: bool = False
    pattern: re.Pattern = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        regex = re.sub(r"\{[a-z_]+\}", "[^/]+", self.path)
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))

    @property
    def public(self) -> bool:
        return not self.roles


ROUTES: tuple[Route, ...] = (
    # identity
    Route("POST", "/api/organizations", "identity", PUBLIC),
    Route("GET", "/api/organizations/current", "identity", ALL),
    Route("PATCH", "/api/organizations/current", "identity", ADMINS),
    # an organization's data lifecycle: close (identity), export jobs (reporting), what is held
    Route("POST", "/api/organizations/current/close", "identity", ADMINS),
    Route("POST", "/api/organizations/current/export", "reporting", ADMINS),
    Route("GET", "/api/organizations/current/exports", "reporting", ADMINS),
    Route("GET", "/api/organizations/current/exports/{id}", "reporting", ADMINS, resource="organization_export"),
    Route(
        "GET", "/api/organizations/current/exports/{id}/download", "reporting", ADMINS, resource="organization_export"
    ),
    Route("GET", "/api/retention/presence", "presence", MANAGERS),
    Route("GET", "/api/retention/reports", "reporting", MANAGERS),
    Route("POST", "/api/auth/login", "identity", PUBLIC, sign_in=True),
    Route("POST", "/api/auth/refresh", "identity", PUBLIC, sign_in=True),
    Route("POST", "/api/auth/logout", "identity", PUBLIC),
    Route("GET", "/api/auth/me", "identity", ALL),
    Route("GET", "/.well-known/jwks.json", "identity", PUBLIC),
    Route("GET", "/api/users", "identity", MANAGERS),
    Route("POST", "/api/users", "identity", ADMINS),
    Route("GET", "/api/users/{id}", "identity", MANAGERS, resource="user"),
    Route("PATCH", "/api/users/{id}", "identity", ADMINS, resource="user"),
    Route("DELETE", "/api/users/{id}", "identity", ADMINS, resource="user"),
    # identity: account lifecycle, two-factor, my sessions
    Route("POST", "/api/auth/two-factor/enrol", "identity", PUBLIC, sign_in=True),
    Route("POST", "/api/auth/two-factor/setup", "identity", ALL),
    Route("POST", "/api/auth/two-factor/enable", "identity", ALL),
    Route("POST", "/api/auth/two-factor/disable", "identity", ALL),
    Route("POST", "/api/users/{id}/two-factor/reset", "identity", ADMINS, resource="user"),
    Route("GET", "/api/auth/sessions", "identity", ALL),
    Route("POST", "/api/auth/sessions/sign-out", "identity", ALL),
    Route("POST", "/api/auth/sessions/sign-out-others", "identity", ALL),
    Route("POST", "/api/auth/password", "identity", ALL),
    Route("POST", "/api/auth/password-reset", "identity", PUBLIC),
    Route("POST", "/api/auth/password-reset/confirm", "identity", PUBLIC),
    Route("POST", "/api/auth/email-change/confirm", "identity", PUBLIC),
    Route("POST", "/api/invitations", "identity", ADMINS),
    Route("POST", "/api/users/{id}/invitation", "identity", ADMINS, resource="user"),
    Route("POST", "/api/auth/invitation", "identity", PUBLIC),
    Route("POST", "/api/auth/invitation/accept", "identity", PUBLIC),
    Route("GET", "/api/invitation-codes", "identity", ADMINS),
    Route("POST", "/api/invitation-codes", "identity", ADMINS),
    Route("POST", "/api/auth/code-sign-up", "identity", PUBLIC),
    # presence: domains and states
    Route("GET", "/api/domains", "presence", ALL),
    Route("POST", "/api/domains", "presence", ADMINS),
    Route("PATCH", "/api/domains/{code}", "presence", ADMINS, resource="domain"),
    Route("GET", "/api/presence-states", "presence", ALL),
    Route("POST", "/api/presence-states", "presence", ADMINS),
    Route("PATCH", "/api/presence-states/{id}", "presence", ADMINS, resource="presence_state"),
    Route("DELETE", "/api/presence-states/{id}", "presence", ADMINS, resource="presence_state"),
    # presence: participants
    Route("GET", "/api/participants", "presence", STAFF),
    Route("POST", "/api/participants", "presence", ADMINS),
    Route("POST", "/api/participants/import", "presence", ADMINS),
    Route("GET", "/api/participants/{id}", "presence", STAFF, resource="member"),
    Route("PATCH", "/api/participants/{id}", "presence", ADMINS, resource="member"),
    Route("DELETE", "/api/participants/{id}", "presence", ADMINS, resource="member"),
    # a participant's export (every service, merged here) and erasure (presence asks the others)
    Route("GET", "/api/participants/{id}/export", GATEWAY, ADMINS | EXTERNAL, resource="member"),
    Route("POST", "/api/participants/{id}/erase", "presence", ADMINS, resource="member"),
    # presence: groups, members, staff
    Route("GET", "/api/groups", "presence", STAFF),
    Route("POST", "/api/groups", "presence", ADMINS),
    Route("GET", "/api/groups/{id}", "presence", STAFF, resource="group"),
    Route("PATCH", "/api/groups/{id}", "presence", ADMINS, resource="group"),
    Route("DELETE", "/api/groups/{id}", "presence", ADMINS, resource="group"),
    Route("GET", "/api/groups/{id}/members", "presence", STAFF, resource="group"),
    Route("POST", "/api/groups/{id}/members", "presence", ADMINS, resource="group"),
    Route(
        "DELETE",
        "/api/groups/{id}/members/{participant_id}",
        "presence",
        ADMINS,
        resource={"id": "group", "participant_id": "member"},
    ),
    Route("GET", "/api/groups/{id}/staff", "presence", MANAGERS, resource="group"),
    Route("POST", "/api/groups/{id}/staff", "presence", ADMINS, resource="group"),
    Route(
        "DELETE",
        "/api/groups/{id}/staff/{user_id}",
        "presence",
        ADMINS,
        resource={"id": "group", "user_id": "assigned_user"},
    ),
    # presence: sessions, rosters, records
    Route("GET", "/api/sessions", "presence", ALL),
    Route("POST", "/api/sessions", "presence", ADMINS),
    Route("GET", "/api/sessions/{id}", "presence", ALL, resource="session"),
    Route("PATCH", "/api/sessions/{id}", "presence", RECORDERS, resource="session"),
    Route("GET", "/api/sessions/{id}/roster", "presence", STAFF, resource="session"),
    Route("POST", "/api/sessions/{id}/check-in", "presence", RECORDERS, resource="session"),
    Route("POST", "/api/sessions/{id}/check-out", "presence", RECORDERS, resource="session"),
    Route("POST", "/api/sessions/{id}/check-in-code", "presence", RECORDERS, resource="session"),
    Route("POST", "/api/presence/self-check-in", "presence", EXTERNAL),
    Route("POST", "/api/sessions/{id}/walk-ins", "presence", RECORDERS, resource="session"),
    Route("POST", "/api/participants/{id}/merge", "presence", ADMINS, resource="walk_in"),
    Route("GET", "/api/advance-notices", "presence", ALL),
    Route("POST", "/api/advance-notices", "presence", RECORDERS | EXTERNAL),
    Route("POST", "/api/advance-notices/{id}/approve", "presence", ADMINS, resource="advance_notice"),
    Route("POST", "/api/advance-notices/{id}/reject", "presence", ADMINS, resource="advance_notice"),
    Route("GET", "/api/stats/attendance", "presence", ALL),
    Route("GET", "/api/stats/today", "presence", ALL),
    Route("POST", "/api/presence", "presence", RECORDERS),
    Route("POST", "/api/presence/bulk", "presence", RECORDERS),
    Route("GET", "/api/presence", "presence", ALL),
    Route("GET", "/api/presence/{id}/history", "presence", ALL, resource="presence_record"),
    Route("GET", "/api/sync/changes", "presence", ALL),
    # presence: kiosks (the device's own routes carry a kiosk token, not a login: public here)
    Route("GET", "/api/kiosks", "presence", RECORDERS),
    Route("POST", "/api/kiosks", "presence", RECORDERS),
    Route("DELETE", "/api/kiosks/{id}", "presence", RECORDERS, resource="kiosk"),
    Route("GET", "/api/kiosks/{id}/attempts", "presence", RECORDERS, resource="kiosk"),
    Route("GET", "/api/kiosk", "presence", PUBLIC),
    Route("POST", "/api/kiosk/scan", "presence", PUBLIC),
    Route("GET", "/api/notifications", "presence", ALL),
    Route("POST", "/api/notifications/{id}/read", "presence", ALL, resource="own_notification"),
    Route("POST", "/api/notifications/read-all", "presence", ALL),
    Route("GET", "/api/notification-rules", "presence", MANAGERS),
    Route("PATCH", "/api/notification-rules", "presence", ADMINS),
    Route("GET", "/api/notification-preferences", "presence", ALL),
    Route("PATCH", "/api/notification-preferences", "presence", ALL),
    # presence: webhooks
    Route("GET", "/api/webhooks", "presence", ADMINS),
    Route("POST", "/api/webhooks", "presence", ADMINS),
    Route("GET", "/api/webhooks/{id}", "presence", ADMINS, resource="webhook"),
    Route("PATCH", "/api/webhooks/{id}", "presence", ADMINS, resource="webhook"),
    Route("DELETE", "/api/webhooks/{id}", "presence", ADMINS, resource="webhook"),
    Route("GET", "/api/webhooks/{id}/deliveries", "presence", ADMINS, resource="webhook"),
    Route("POST", "/api/webhooks/{id}/test", "presence", ADMINS, resource="webhook"),
    Route(
        "POST",
        "/api/webhooks/{id}/deliveries/{delivery_id}/redeliver",
        "presence",
        ADMINS,
        resource={"id": "webhook", "delivery_id": "webhook_delivery"},
    ),
    # sync
    Route("POST", "/api/sync", "sync", RECORDERS),
    Route("GET", "/api/sync/batches/{id}", "sync", STAFF, resource="sync_batch"),
    Route("GET", "/api/admin/sync-conflicts", "sync", MANAGERS),
    Route("POST", "/api/admin/sync-conflicts/resolve", "sync", ADMINS),
    Route("GET", "/api/admin/sync-conflicts/{id}", "sync", MANAGERS, resource="sync_conflict"),
    Route("POST", "/api/admin/sync-conflicts/{id}/resolve", "sync", ADMINS, resource="sync_conflict"),
    # reporting
    Route("GET", "/api/reports", "reporting", STAFF),
    Route("POST", "/api/reports", "reporting", STAFF),
    Route("GET", "/api/reports/{id}", "reporting", STAFF, resource="report"),
    Route("GET", "/api/reports/{id}/download", "reporting", STAFF, resource="report"),
    Route("GET", "/api/report-schedules", "reporting", MANAGERS),
    Route("POST", "/api/report-schedules", "reporting", MANAGERS),
    Route("GET", "/api/report-schedules/{id}", "reporting", MANAGERS, resource="report_schedule"),
    Route("PATCH", "/api/report-schedules/{id}", "reporting", MANAGERS, resource="report_schedule"),
    Route("DELETE", "/api/report-schedules/{id}", "reporting", MANAGERS, resource="report_schedule"),
    # the gateway itself
    Route("GET", "/api/audit-logs", GATEWAY, MANAGERS),
    Route("GET", "/api/events", GATEWAY, ALL, stream=True),
)

SERVICES = ("identity", "presence", "sync", "reporting")


class RouteTable:
    def __init__(self, routes: tuple[Route, ...] = ROUTES):
        self.routes = routes

    def match(self, method: str, path: str) -> tuple[Route | None, list[str]]:
        """The route for (method, path), or None and the methods the path does allow."""
        allowed = []
        for route in self.routes:
            if route.pattern.match(path):
                if route.method == method or (method == "HEAD" and route.method == "GET"):
                    return route, []
                allowed.append(route.method)
        return None, allowed
