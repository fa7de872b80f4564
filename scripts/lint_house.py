"""The house rules `make lint` checks that ruff cannot (CONVENTIONS.md habits 1, 6 and 2):

- tenancy: a tenant filter (``<x>.organization_id == …``) is written only in a module's
  ``repository.py`` or in ``omni_common/tenancy.py`` — everywhere else a query is scoped through
  the tenancy helper (``scoped``, ``select_scoped``, ``in_org``, ``select_in_org``);
- length: no function in services/, libs/ or gateway/ is longer than 80 lines;
- context: no router reads ``request.app.state``: routers reach settings, clients, the outbox and
  the audit writer through their service's context dependency.

Usage: ``python scripts/lint_house.py [paths…]`` (default: services, libs, gateway); prints each
finding as ``path:line: rule: message`` and exits 1 if there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 80
TENANCY_HELPER = Path("libs/omni_common/src/omni_common/tenancy.py")


def _python_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            parts = file.parts
            if "tests" in parts or "versions" in parts or "node_modules" in parts or ".venv" in parts:
                continue
            yield file


def _is_tenant_filter(node: ast.AST) -> bool:
    """``<anything>.organization_id == <anything>`` (either side)."""
    if not isinstance(node, ast.Compare) or not any(isinstance(op, ast.Eq) for op in node.ops):
        return False
    sides = [node.left, *node.comparators]
    return any(isinstance(s, ast.Attribute) and s.attr == "organization_id" for s in sides)


def _reads_app_state(node: ast.AST) -> bool:
    """``request.app.state`` (any name for the request)."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "state"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "app"
    )


def check_file(path: Path, relative: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    findings = []
    may_filter = relative.name == "repository.py" or relative == TENANCY_HELPER
    is_router = relative.name in ("router.py", "internal_router.py") or relative.name.endswith("_router.py")
    for node in ast.walk(tree):
        if not may_filter and _is_tenant_filter(node):
            findings.append(
                f"{relative}:{node.lineno}: tenancy: a tenant filter outside a repository; "
                "use omni_common.tenancy (scoped, select_scoped, in_org, select_in_org) or move the query "
                "into the module's repository.py"
            )
        if is_router and _reads_app_state(node):
            findings.append(
                f"{relative}:{node.lineno}: context: a router reads request.app.state; depend on the service's context"
            )
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                findings.append(
                    f"{relative}:{node.lineno}: length: {node.name}() is {length} lines (at most {MAX_LINES})"
                )
    return findings


def main(argv: list[str]) -> int:
    paths = [ROOT / p for p in (argv or ["services", "libs", "gateway"])]
    findings = []
    for file in _python_files(paths):
        findings += check_file(file, file.resolve().relative_to(ROOT))
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
