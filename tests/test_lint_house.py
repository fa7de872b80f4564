"""The house rules `make lint` checks (scripts/lint_house.py) flag what they are meant to, and only that."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("lint_house", ROOT / "scripts" / "lint_house.py")
lint_house = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lint_house)


def findings(tmp_path, name: str, source: str) -> list[str]:
    path = tmp_path / name
    path.write_text(source)
    return lint_house.check_file(path, Path("services/demo/src/demo/things") / name)


def test_a_tenant_filter_outside_a_repository_is_flagged(tmp_path):
    source = "def f(principal):\n    return select(Thing).where(Thing.organization_id == principal.organization_id)\n"
    (finding,) = findings(tmp_path, "service.py", source)
    assert ":2: tenancy:" in finding
    assert findings(tmp_path, "repository.py", source) == []
    scoped = "def f(principal):\n    return select_scoped(Thing, principal)\n"
    assert findings(tmp_path, "service.py", scoped) == []


def test_a_router_reading_app_state_is_flagged(tmp_path):
    source = "def route(request):\n    return request.app.state.kit\n"
    (finding,) = findings(tmp_path, "router.py", source)
    assert "context:" in finding
    assert findings(tmp_path, "main.py", source) == []


def test_a_function_over_80_lines_is_flagged(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(80))
    (finding,) = findings(tmp_path, "service.py", f"def long():\n{body}")
    assert "long() is 81 lines" in finding
    assert findings(tmp_path, "service.py", f"def fine():\n{body[: -len('    x79 = 79') - 1]}") == []
