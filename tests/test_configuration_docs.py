"""Every setting is documented with its default in docs/configuration.md."""

import re
from pathlib import Path

import pytest

from gateway.config import Settings as GatewaySettings
from identity.config import Settings as IdentitySettings
from omni_common.settings import SERVICES, CommonSettings
from presence.config import Settings as PresenceSettings
from reporting.config import Settings as ReportingSettings
from sync.config import Settings as SyncSettings

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "configuration.md").read_text()
SETTINGS = [CommonSettings, IdentitySettings, PresenceSettings, SyncSettings, ReportingSettings, GatewaySettings]


def env_names(cls) -> list[str]:
    prefix = cls.model_config.get("env_prefix", "")
    names = []
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        names.append(alias.choices[0] if alias is not None else f"{prefix}{name}".upper())
    return names


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda c: c.__module__)
def test_every_settings_field_has_a_row(cls):
    missing = [name for name in env_names(cls) if f"| `{name}` |" not in DOC]
    assert not missing, f"undocumented settings: {missing}"


def test_every_variable_the_code_reads_directly_is_documented():
    read = set()
    for path in [
        *ROOT.glob("libs/*/src/**/*.py"),
        *ROOT.glob("services/*/src/**/*.py"),
        *ROOT.glob("gateway/src/**/*.py"),
    ]:
        read |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', path.read_text()))
    missing = sorted(name for name in read if f"`{name}`" not in DOC)
    assert not missing, f"undocumented environment variables: {missing}"


def test_every_database_password_variable_is_documented():
    for service in SERVICES:
        for role in ("", "MIGRATE_", "PURGE_"):
            name = f"{service.upper()}_DB_{role}PASSWORD"
            assert f"`{name}`" in DOC, name
