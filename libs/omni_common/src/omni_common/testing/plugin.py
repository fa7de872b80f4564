"""Shared pytest fixtures: the running stack, organizations with a user of every role, and the
stack's databases and Redis for tests that must look underneath.

`make test` boots one stack for the whole run (``OMNI_TEST_STACK`` names its state file) and every
test talks to it; run pytest alone and the first test that needs it boots a throwaway one.
Tests stay independent by working in organizations of their own.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Engine

from omni_common.settings import CommonSettings

PASSWORD = "correct-horse-battery"
ROLES = ("admin", "manager", "frontline", "external")
SERVICES = ("identity", "presence", "sync", "reporting")


@dataclass
class StackInfo:
    urls: dict[str, str]
    environment: dict[str, str]
    data_dir: Path
    raw: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path) -> StackInfo:
        raw = json.loads(Path(path).read_text())
        return cls(urls=raw["urls"], environment=raw["environment"], data_dir=Path(raw["data_dir"]), raw=raw)

    @property
    def gateway(self) -> str:
        return self.urls["gateway"]

    def settings(self, service: str) -> CommonSettings:
        """The settings a service of this stack runs with (its database URL, Redis, secrets)."""
        env = self.environment
        cls = type(
            f"{service.title()}TestSettings", (CommonSettings,), {"service_name": service, "__module__": __name__}
        )
        return cls(
            env=env["OMNI_ENV"],
            mysql_url=env.get("OMNI_MYSQL_URL"),
            redis_url=env["OMNI_REDIS_URL"],
            data_dir=Path(env["OMNI_DATA_DIR"]),
            db_prefix=env["OMNI_DB_PREFIX"],
            secret_key=env["OMNI_SECRET_KEY"],
            service_token=env["OMNI_SERVICE_TOKEN"],
        )

    def engine(self, service: str, role: str = "app") -> Engine:
        """An engine connecting as one service's ``app``, ``migrate`` or ``purge`` database user."""
        return create_engine(self.settings(service).database_url(role), poolclass=pool.NullPool)

    def admin_engine(self) -> Engine:
        return create_engine(self.settings("identity").admin_database_url(), poolclass=pool.NullPool)

    def redis(self):
        import redis

        return redis.Redis.from_url(self.environment["OMNI_REDIS_URL"])

    @property
    def service_token(self) -> str:
        return self.environment["OMNI_SERVICE_TOKEN"]

    @contextlib.contextmanager
    def private(
        self,
        names: list[str],
        *,
        redis_port: int | None = None,
        mysql_url: str | None = None,
        db_prefix: str | None = None,
        extra_env: dict[str, str] | None = None,
    ):
        """Processes of this stack's own, on ports (and optionally a Redis, or a MySQL server whose
        schemas they make first) of their own, for a test that stops or breaks something: the
        shared stack is never touched. Yields the omni_stack Stack; ``stack.config.url(name)`` is
        where each listens."""
        from omni_stack.stack import private_stack

        with private_stack(
            self.raw, names, redis_port=redis_port, mysql_url=mysql_url, db_prefix=db_prefix, extra_env=extra_env
        ) as stack:
            yield stack


@dataclass
class Member:
    id: str
    email: str
    role: str
    organization_id: str
    client: httpx.Client
    password: str = PASSWORD
    tokens: dict[str, Any] = field(default_factory=dict)

    @property
    def token(self) -> str:
        return self.tokens["access_token"]

    def __getattr__(self, name: str):
        """member.get(...), member.post(...): requests as this member, through the gateway."""
        if name in ("get", "post", "put", "patch", "delete", "options", "request"):
            return getattr(self.client, name)
        raise AttributeError(name)


@dataclass
class Org:
    id: str
    name: str
    members: dict[str, Member]
    stack: StackInfo | None = None

    def __getattr__(self, role: str) -> Member:
        try:
            return self.members[role]
        except KeyError:
            raise AttributeError(role) from None


def login(base_url: str, email: str, password: str = PASSWORD) -> tuple[httpx.Client, dict]:
    """A client signed in as ``email``: its Authorization header carries the access token."""
    client = httpx.Client(base_url=base_url, timeout=30.0)
    answer = client.post("/api/auth/login", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    client.cookies.clear()  # API clients use the body's refresh token, not the cookie
    return client, tokens


def unique_email(role: str) -> str:
    return f"{role}-{secrets.token_hex(5)}@example.com"


@pytest.fixture(scope="session")
def stack() -> Iterator[StackInfo]:
    path = os.environ.get("OMNI_TEST_STACK")
    if path:
        yield StackInfo.load(path)
        return
    from omni_stack.stack import throwaway_stack

    with throwaway_stack() as (_config, state):
        yield StackInfo.load(state)


@pytest.fixture
def anonymous(stack: StackInfo) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway, timeout=30.0) as client:
        yield client


@pytest.fixture
def make_org(stack: StackInfo) -> Iterator[Callable[..., Org]]:
    """make_org(name=..., domain=..., roles=...): a new organization with one signed-in user per role."""
    clients: list[httpx.Client] = []

    def make(
        name: str | None = None,
        domain: str = "education",
        roles: tuple[str, ...] = ROLES,
        timezone: str = "UTC",
        gateway: str | None = None,
    ) -> Org:
        """``gateway``: a private one's URL (the shared stack's by default)."""
        gateway = gateway or stack.gateway
        name = name or f"Test organization {secrets.token_hex(3)}"
        admin_email = unique_email("admin")
        answer = httpx.post(
            f"{gateway}/api/organizations",
            json={
                "name": name,
                "domain": domain,
                "admin_email": admin_email,
                "admin_password": PASSWORD,
                "admin_name": "Ada Admin",
                "timezone": timezone,
            },
            timeout=30.0,
        )
        assert answer.status_code == 201, answer.text
        org_id = answer.json()["organization"]["id"]
        client, tokens = login(gateway, admin_email)
        clients.append(client)
        members = {"admin": Member(answer.json()["user"]["id"], admin_email, "admin", org_id, client, tokens=tokens)}
        for role in roles:
            if role == "admin":
                continue
            email = unique_email(role)
            created = client.post(
                "/api/users",
                json={"email": email, "full_name": f"{role.title()} User", "role": role, "password": PASSWORD},
            )
            assert created.status_code == 201, created.text
            member_client, member_tokens = login(gateway, email)
            clients.append(member_client)
            members[role] = Member(created.json()["id"], email, role, org_id, member_client, tokens=member_tokens)
        return Org(org_id, name, members, stack)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def org(make_org) -> Org:
    return make_org()


@pytest.fixture
def other_org(make_org) -> Org:
    return make_org()
