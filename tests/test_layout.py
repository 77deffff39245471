"""The tree's rules that keep packages apart (DESIGN.md, "Layout — the target tree").

A views module is imported by its `urls.py` only: what one package shows on another's page
comes from its `panels.py`, a forms module or an inclusion tag. Every view a route reaches is
defined in a module named `views.py`, so the scans over views modules see them all. A private
name (`_posted_start`) is used in its own module only.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

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


def test_a_urls_module_imports_only_views_of_its_own_package() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path, module in _modules()
        if path.name == "urls.py"
        for line, source, name in _imports(path, module)
        for imported in (source, f"{source}.{name}")
        if _is_views(imported) and _is_module(imported)
        if not imported.startswith(module.rpartition(".")[0] + ".")
    ]
    assert found == []


def _routed_views(patterns: list[URLPattern | URLResolver]) -> Iterator[tuple[str, str]]:
    """(route name, module of its view) of every route, through every include."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed_views(pattern.url_patterns)
        else:
            yield pattern.name or str(pattern.pattern), pattern.callback.__module__


def _outside_views(module: str) -> bool:
    return module.startswith("easeplan.") and module.rpartition(".")[2] != "views"


def test_every_routed_view_is_defined_in_a_views_module() -> None:
    found = [
        f"{name}: {module}"
        for name, module in _routed_views(get_resolver().url_patterns)
        if _outside_views(module)
    ]
    assert found == []
    assert _outside_views("easeplan.booking.attendance")
    assert not _outside_views("easeplan.booking.staff.views")
    assert not _outside_views("allauth.account.views")


# The rule as a grep: no file but a urls.py has a line that reads as an import from a views
# module. Its words are joined here, so that the same grep run by hand does not find this file.
IMPORT = " import"
VIEWS_IMPORT = re.compile(
    "|".join(("_views" + IMPORT, "from .views" + IMPORT, r"\.views" + IMPORT))
)
GREPPED = ("easeplan", "tests", "docs", "templates")


def test_the_views_import_grep_finds_only_urls_modules() -> None:
    files = [p for top in GREPPED for p in sorted((ROOT / top).rglob("*")) if p.is_file()]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {text.strip()}"
        for path in files
        if path.suffix not in (".pyc", ".png", ".mo") and path.name != "urls.py"
        for number, text in enumerate(path.read_text(errors="replace").splitlines(), 1)
        if VIEWS_IMPORT.search(text)
    ]
    assert found == []
    for line in (
        "from easeplan.care.consent.views" + IMPORT + " visit_gluteal",
        "from .views" + IMPORT + " inbox",
        "from ..consent_views" + IMPORT + " visit_gluteal",
    ):
        assert VIEWS_IMPORT.search(line), line
    assert not VIEWS_IMPORT.search("from . import views")


def test_private_names_stay_in_their_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {source}.{name}"
        for path, module in _modules()
        for line, source, name in _imports(path, module)
        if source.startswith(OURS) and source != module
        if name.startswith("_") and not name.startswith("__")
    ]
    assert found == []
