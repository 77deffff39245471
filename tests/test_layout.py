"""The tree's rules that keep packages apart (DESIGN.md, "Layout — the target tree").

A views module is imported by its `urls.py` only: what one package shows on another's page
comes from its `panels.py`, a forms module or an inclusion tag. A private name (`_posted_start`)
is used in its own module only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("easeplan", "tests")


def _modules() -> Iterator[tuple[Path, str]]:
    for top in OURS:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield path, ".".join(parts)


def _imports(path: Path, module: str) -> Iterator[tuple[int, str, str]]:
    """(line, module imported from, name) for every `from … import …` of our own code,
    at the top of the module or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([source] if source else [])])
            for alias in node.names:
                yield node.lineno, source, alias.name


def _is_views(dotted: str) -> bool:
    return dotted.startswith(OURS) and dotted.rpartition(".")[2].endswith("views")


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def test_only_a_urls_module_imports_views() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {source}{'.' + name if name else ''}"
        for path, module in _modules()
        if path.name != "urls.py"
        for line, source, name in _imports(path, module)
        if _is_views(source) or (_is_views(f"{source}.{name}") and _is_module(f"{source}.{name}"))
    ]
    assert found == []


def test_private_names_stay_in_their_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {source}.{name}"
        for path, module in _modules()
        for line, source, name in _imports(path, module)
        if source.startswith(OURS) and source != module
        if name.startswith("_") and not name.startswith("__")
    ]
    assert found == []
