"""Visibility first (SPEC §1): an id in the path that the caller may not see is 404, whatever the
role — a role the route never allows included; 403 only for a resource the caller can see.

A route's role check (``Admin``, ``Staff`` …) runs before its use case. When it refuses, it asks
the service's ``PathVisibility`` whether the caller can see what the path names, and answers 404
if not. So the lookup is paid only on the refusal: a role the route allows goes straight on to its
use case, whose own scoped lookup answers 404 for what it may not see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from sqlalchemy.orm import Session

from omni_common.auth.principal import Principal
from omni_common.db.database import Database
from omni_common.tenancy import exists_in_org

# (database session, the caller, the id, every parameter of the path) -> may the caller see it?
PathCheck = Callable[[Session, Principal, str, Mapping[str, str]], bool]


@dataclass
class PathVisibility:
    """What each path parameter of a service's public routes names, as a check for the caller."""

    checks: Mapping[str, PathCheck] = field(default_factory=dict)

    def sees(self, database: Database, principal: Principal, params: Mapping[str, str]) -> bool:
        def read(session: Session) -> bool:
            return all(self.checks[name](session, principal, value, params) for name, value in params.items())

        return database.read(read)

    def require_every_parameter(self, app: FastAPI) -> None:
        """Refuse to start with a public route whose path names something no check covers: its
        refusals could not tell 403 from 404."""
        missing = {
            f"{route.path} {{{name}}}"
            for route in iter_route_contexts(app.routes)
            if route.path.startswith("/api/")
            for name in re.findall(r"\{([^}:]+)", route.path)
            if name not in self.checks
        }
        if missing:
            raise RuntimeError(f"PathVisibility has no check for: {', '.join(sorted(missing))}")


def in_organization(model: type) -> PathCheck:
    """The common case: anything of the caller's organization (configuration, accounts, jobs)."""

    def check(session: Session, principal: Principal, value: str, _params: Mapping[str, str]) -> bool:
        return exists_in_org(session, model, value, principal)

    return check
