"""Identity's command line: organizations, the demo organization, key rotation (and, from the shared
command line, serve, migrate and the worker that sends identity's mail)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from pathlib import Path

from identity.config import Settings
from identity.context import IdentityContext
from identity.keys import service as keys
from identity.keys.service import KeyRing
from identity.organizations.schemas import SignUp
from identity.organizations.service import create_organization
from identity.users import repository as users
from identity.users.schemas import UserCreate
from identity.users.service import new_user
from omni_common.cli import ServiceCommands
from omni_common.kit import ServiceKit
from omni_common.logs import setup_logging

DEMO_PASSWORD = "omnipresence-demo"
DEMO_ORGANIZATION = {"name": "Riverside School", "domain": "education", "timezone": "Europe/London"}
DEMO_USERS = [
    ("admin@example.com", "Alex Admin", "admin"),
    ("manager@example.com", "Morgan Manager", "manager"),
    ("frontline@example.com", "Frankie Frontline", "frontline"),
    ("external@example.com", "Eli External", "external"),
]


def _context() -> tuple[Settings, ServiceKit, IdentityContext]:
    from identity.database import AuditLog

    settings = Settings()
    setup_logging("identity-cli", settings.log_level)
    kit = ServiceKit(settings, AuditLog)
    keyring = KeyRing(kit.database, settings)
    return settings, kit, IdentityContext(settings=settings, keyring=keyring, audit=kit.audit, cache=kit.sessions)


def create_org(args: argparse.Namespace) -> int:
    _, kit, ctx = _context()
    password = os.environ.get("OMNI_ADMIN_PASSWORD") or getpass.getpass("Administrator's password: ")
    body = SignUp(
        name=args.name,
        domain=args.domain,
        admin_email=args.admin_email,
        admin_password=password,
        admin_name=args.admin_name,
        timezone=args.timezone,
    )
    org, admin = kit.database.transaction(create_organization, ctx, body)
    print(json.dumps({"organization_id": org.id, "admin_user_id": admin.id}))
    return 0


def seed_demo(args: argparse.Namespace) -> int:
    """The demo organization of the README (idempotent; refused in production)."""
    settings, kit, ctx = _context()
    if settings.is_production:
        raise SystemExit("seed-demo is refused in production")

    def seed(session) -> dict:
        existing = users.by_email(session, DEMO_USERS[0][0])
        if existing is not None:
            org_id = existing.organization_id
        else:
            email, name, _ = DEMO_USERS[0]
            org, _admin = create_organization(
                session,
                ctx,
                SignUp(**DEMO_ORGANIZATION, admin_email=email, admin_name=name, admin_password=DEMO_PASSWORD),
            )
            org_id = org.id
            for email, name, role in DEMO_USERS[1:]:
                new_user(
                    session,
                    ctx,
                    organization_id=org_id,
                    body=UserCreate(email=email, full_name=name, role=role, password=DEMO_PASSWORD),
                    actor_id=None,
                )
        members = users.of_organization(session, org_id)
        return {"organization_id": org_id, "users": {u.role: {"id": u.id, "email": u.email} for u in members}}

    kit.database.transaction(keys.ensure_key, settings)
    result = kit.database.transaction(seed)
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=2))
    print(f"Demo organization '{DEMO_ORGANIZATION['name']}' — sign in with password {DEMO_PASSWORD!r} as:")
    for email, name, role in DEMO_USERS:
        print(f"  {role:<10} {email:<24} {name}")
    return 0


def rotate_keys(args: argparse.Namespace) -> int:
    settings, kit, _ = _context()
    kid = kit.database.transaction(keys.rotate, settings)
    print(json.dumps({"kid": kid}))
    return 0


def _create_org_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True)
    parser.add_argument("--domain", required=True)
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-name", required=True)
    parser.add_argument("--timezone", default="UTC")


def _seed_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", help="also write the ids as JSON to this file")


def _models():
    from identity.models import Base

    return Base.metadata


def _celery():
    from identity.worker import app

    return app


COMMANDS = ServiceCommands(
    name="identity",
    app_factory="identity.main:create_app",
    settings=Settings,
    migrations_dir=Path(__file__).parent / "migrations",
    metadata=_models,
    celery_app=_celery,
    queue="identity",
    extra={
        "create-org": (
            "create an organization and its administrator (password from OMNI_ADMIN_PASSWORD or a prompt)",
            create_org,
            _create_org_args,
        ),
        "seed-demo": ("create the demo organization and its four logins (not in production)", seed_demo, _seed_args),
        "rotate-keys": (
            "start signing with a new key; old keys stay published until their tokens expire",
            rotate_keys,
            lambda p: None,
        ),
    },
)
