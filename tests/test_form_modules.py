"""Forms live in a package's forms.py: a views module parses input through forms it imports.

Every routed view is in a `views.py` (tests/test_layout.py), so scanning those finds them all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import easeplan

PACKAGE = Path(easeplan.__file__).parent


def _is_form(node: ast.ClassDef) -> bool:
    bases = [ast.unparse(base) for base in node.bases]
    return node.name.endswith("Form") or any(b.startswith("forms.") for b in bases)


def test_no_views_module_defines_a_form() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path in sorted(PACKAGE.rglob("*views*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and _is_form(node)
    ]
    assert found == []


# Django's own form classes, as our modules name them.
FORM_BASES = {"forms.Form", "forms.ModelForm"}


def _is_forms_module(path: Path) -> bool:
    return path.name == "forms.py" or path.parent.name == "forms"


def test_a_django_form_is_defined_in_a_forms_module() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}: {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if not _is_forms_module(path)
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
        if FORM_BASES & {ast.unparse(base) for base in node.bases}
    ]
    assert found == []
