"""mypy's configuration stays true to the rule: the whole package with django-stubs, and
strict on the pure modules, which are chosen by name in pyproject.toml, not listed by hand.

The patterns are read by mypy's own config parser, so a glob means here what it means to
mypy. A pattern that matches nothing, a strict module that imports Django, and a module
that imports no Django but is not strict all fail, so the rule can't rot in silence.
"""

from __future__ import annotations

import ast
import io
from functools import cache
from pathlib import Path

import pytest
from mypy.config_parser import parse_config_file
from mypy.options import Options

import easeplan

ROOT = Path(easeplan.__file__).parent.parent
PACKAGE = Path(easeplan.__file__).parent
# What --strict turns on, as mypy lets it be set per module.
STRICT_FLAGS = {
    "disallow_any_generics": True,
    "disallow_subclassing_any": True,
    "disallow_untyped_calls": True,
    "disallow_untyped_defs": True,
    "disallow_incomplete_defs": True,
    "check_untyped_defs": True,
    "disallow_untyped_decorators": True,
    "warn_return_any": True,
    "warn_unused_ignores": True,
    "implicit_reexport": False,
    "strict_equality": True,
    "extra_checks": True,
}
# Django and the Django apps easeplan uses: a pure module imports none of them.
DJANGO = ("django", "allauth", "django_htmx", "django_tasks", "django_tasks_db", "csp")


@cache
def options() -> Options:
    found = Options()
    out, err = io.StringIO(), io.StringIO()
    parse_config_file(found, lambda: None, str(ROOT / "pyproject.toml"), out, err)
    assert not err.getvalue(), err.getvalue()
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package but the migrations."""
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.relative_to(PACKAGE).parts
    }


def imports_of(name: str) -> set[str]:
    """Every module `name` imports, at the top or inside a function, relative ones resolved."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parts = package.split(".")
                module = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [module])])
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def has_code(name: str) -> bool:
    """False for a module of only a docstring, comments and imports (a package's __init__)."""
    tree = ast.parse(modules()[name].read_text())
    return any(
        not isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
        for node in tree.body
    )


def is_strict(name: str) -> bool:
    return options().clone_for_module(name).disallow_untyped_defs


def uses_django(name: str) -> bool:
    return any(module.split(".")[0] in DJANGO for module in imports_of(name))


def own_imports(name: str) -> set[str]:
    """The package's modules that `name` imports (a `from x import y` names x, or x.y)."""
    return imports_of(name) & modules().keys()


def strict_patterns() -> list[str]:
    return [
        pattern
        for pattern, flags in options().per_module_options.items()
        if flags.get("disallow_untyped_defs")
    ]


def test_mypy_checks_the_whole_package_with_django_stubs() -> None:
    found = options()
    assert found.files == ["easeplan"]
    assert "mypy_django_plugin.main" in found.plugins
    assert found.check_untyped_defs
    assert found.warn_unused_ignores


@pytest.mark.parametrize("pattern", strict_patterns())
def test_each_strict_pattern_turns_on_all_of_strict_and_matches_a_module(pattern: str) -> None:
    flags = options().per_module_options[pattern]
    assert {flag: flags.get(flag, getattr(options(), flag)) for flag in STRICT_FLAGS} == (
        STRICT_FLAGS
    )
    assert any(_matches(pattern, name) for name in modules())


def _matches(pattern: str, name: str) -> bool:
    """Whether mypy applies `pattern`'s section to `name` (one section at a time)."""
    alone = Options()
    alone.per_module_options = {pattern: {"disallow_untyped_defs": True}}
    return alone.clone_for_module(name).disallow_untyped_defs


def test_the_conventional_pure_names_are_strict_wherever_they_are() -> None:
    for pattern in ("easeplan.*.rules", "easeplan.*.rules.*", "easeplan.*.slots"):
        assert pattern in strict_patterns()
    for pattern in ("easeplan.*.instruments", "easeplan.*.rates", "easeplan.lib.*"):
        assert pattern in strict_patterns()
    assert is_strict("easeplan.newapp.workflow.rules")
    assert is_strict("easeplan.newapp.slots")


def test_a_strict_module_outside_lib_imports_no_django_and_only_strict_modules() -> None:
    impure = {
        name: sorted(
            module
            for module in imports_of(name)
            if module.split(".")[0] in DJANGO
            or (module in modules() and has_code(module) and not is_strict(module))
        )
        for name in modules()
        if is_strict(name) and not name.startswith("easeplan.lib")
    }
    assert {name: found for name, found in impure.items() if found} == {}


def test_every_module_that_imports_no_django_is_strict() -> None:
    """A new pure module needs a name the patterns know (or a pattern of its own)."""
    pure = {name for name in modules() if has_code(name) and not uses_django(name)}
    changed = True
    while changed:  # a module that uses an impure one of ours is impure too
        impure = {name for name in pure if any(m not in pure for m in _code_imports(name))}
        pure -= impure
        changed = bool(impure)
    assert sorted(name for name in pure if not is_strict(name)) == []


def _code_imports(name: str) -> set[str]:
    return {module for module in own_imports(name) if has_code(module)}


def test_the_patterns_select_the_pure_modules_by_their_names() -> None:
    assert is_strict("easeplan.care.intake.rules")
    assert is_strict("easeplan.screening.rules.findings")
    assert is_strict("easeplan.booking.slots")
    assert not is_strict("easeplan.booking.services")
    assert not is_strict("easeplan.outcomes.checkins.views")
