"""lib is a leaf: every app may use it, and it imports no app (DESIGN "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import easeplan.lib

LIB = Path(easeplan.lib.__file__).parent


def imported_by(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function, relative ones resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "easeplan.lib" if node.level == 1 else "easeplan" if node.level == 2 else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_lib_imports_no_app() -> None:
    modules = sorted(LIB.rglob("*.py"))
    assert modules
    apps = {
        f"{path}: {name}"
        for path in modules
        for name in imported_by(path)
        if name.startswith("easeplan.") and not name.startswith("easeplan.lib")
    }
    assert not apps
