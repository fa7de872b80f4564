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
    # What a {placeholder} in the path names, for the matrix test's fixtures.
    resource: str | None = None
    # A long-lived stream (server-sent events): its own client and timeouts.
    stream: bool = False
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
    Route("POST", "/api/auth/login", "identity", PUBLIC),
    Route("POST", "/api/auth/refresh", "identity", PUBLIC),
    Route("POST", "/api/auth/logout", "identity", PUBLIC),
    Route("GET", "/api/auth/me", "identity", ALL),
    Route("GET", "/.well-known/jwks.json", "identity", PUBLIC),
    Route("GET", "/api/users", "identity", MANAGERS),
    Route("POST", "/api/users", "identity", ADMINS),
    Route("GET", "/api/users/{id}", "identity", MANAGERS, resource="user"),
    Route("PATCH", "/api/users/{id}", "identity", ADMINS, resource="user"),
    Route("DELETE", "/api/users/{id}", "identity", ADMINS, resource="user"),
    # presence
    Route("GET", "/api/participants", "presence", MANAGERS),
    # sync
    Route("GET", "/api/admin/sync-conflicts", "sync", MANAGERS),
    # reporting
    Route("GET", "/api/reports", "reporting", STAFF),
    # the gateway itself
    Route("GET", "/api/audit-logs", GATEWAY, MANAGERS),
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
