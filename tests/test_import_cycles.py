"""No module of easeplan imports itself back, even through a function-level import: a
lower module that must react to a higher one does it through a signal or a callback
registered at app ready (the freed time offered to the waitlist, the intake link in the
booking confirmation), and a task lives with the service that queues it."""

from __future__ import annotations

import ast
from pathlib import Path

import easeplan

ROOT = Path(easeplan.__file__).parent


def module_of(path: Path) -> str:
    parts = ("easeplan", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The easeplan modules `path` imports anywhere in it, relative ones resolved."""
    here = module_of(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(), filename=str(path))
    for block in [n for n in ast.walk(tree) if _for_type_checking(n)]:
        block.body = []  # imports only the type checker follows are never run
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        found |= {name for name in names if name in known and name != here}
    return found


def _for_type_checking(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:` — its imports are never executed."""
    return isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"


def graph() -> dict[str, set[str]]:
    paths = [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]
    known = {module_of(p) for p in paths}
    return {module_of(p): imports_of(p, known) for p in paths}


def cycle_through(start: str, edges: dict[str, set[str]]) -> list[str]:
    """A path of imports from `start` back to itself, or [] if there is none."""
    stack, seen = [(start, [start])], set()
    while stack:
        module, path = stack.pop()
        for target in edges[module]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def test_no_module_imports_itself_back() -> None:
    edges = graph()
    assert "easeplan.booking.services" in edges
    cycles = [" -> ".join(c) for module in sorted(edges) if (c := cycle_through(module, edges))]
    assert not cycles
