"""Python says its user-facing words through gettext, and French has every one of them.

A module under easeplan/ not listed in tests/i18n_pending_python.txt may not pass a bare
string (or an f-string, or a string built with % or .format) where a person reads it: a form
field's label or help text, a model's verbose name or choice label, a form error, a flash
message, or the message of a refusal (any exception class whose name ends in Refused).
Every msgid such a module marks has a French msgstr. Finishing a module means deleting its
line from the list. Operator-facing code (management commands, the Django admin,
migrations, the demo's seed data) is not read by a practice's staff or clients and is left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_translations import TRANSLATED_LANGUAGES, compiled

ROOT = Path(settings.BASE_DIR)
PACKAGE = ROOT / "easeplan"
PENDING_FILE = Path(__file__).with_name("i18n_pending_python.txt")
LEFT_OUT_PARTS = {"migrations", "management", "demo"}
LEFT_OUT_NAMES = {"admin.py", "settings.py", "asgi.py", "wsgi.py", "apps.py"}

TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
# Where a keyword's value is read by a person.
READ_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "message",
}
FLASHES = {"success", "error", "warning", "info", "debug"}
CHOICE_BASES = {"TextChoices", "IntegerChoices", "Choices"}
# Which positional argument of a call is read.
READ_ARGUMENT = {"ValidationError": 0, "add_error": 1}


def modules() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if LEFT_OUT_PARTS & set(relative.parts) or path.name in LEFT_OUT_NAMES:
            continue
        found.append(str(relative))
    return found


def pending() -> list[str]:
    lines = PENDING_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def translated_modules() -> list[str]:
    waiting = set(pending())
    return [name for name in modules() if name not in waiting]


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_words(node: ast.expr) -> bool:
    """A value a person would read as written: a bare, formatted or concatenated string."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _is_words(node.left) or _is_words(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        # "text {}".format(...) or "text".upper()
        return _name(node.func) != "" and _is_words(node.func.value)
    if isinstance(node, ast.IfExp):
        return _is_words(node.body) or _is_words(node.orelse)
    return False


def _read_values(call: ast.Call) -> list[ast.expr]:
    name = _name(call.func)
    values: list[ast.expr] = []
    if name in READ_ARGUMENT and len(call.args) > READ_ARGUMENT[name]:
        values.append(call.args[READ_ARGUMENT[name]])
    if name.endswith("Refused") and call.args:
        values.append(call.args[0])
    is_flash = isinstance(call.func, ast.Attribute) and _name(call.func.value) == "messages"
    if is_flash and name in FLASHES and len(call.args) > 1:
        values.append(call.args[1])
    for keyword in call.keywords:
        if keyword.arg in READ_KEYWORDS:
            values.append(keyword.value)
        if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
            values.extend(value for value in keyword.value.values if value is not None)
        if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
            for choice in keyword.value.elts:
                if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                    values.append(choice.elts[1])
    return values


def untranslated(source: str) -> list[str]:
    """Each place the module shows a string that does not go through gettext, as line: text."""
    tree = ast.parse(source)
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) not in TRANSLATING:
            found.extend(value for value in _read_values(node) if _is_words(value))
        if isinstance(node, ast.ClassDef) and CHOICE_BASES & {_name(b) for b in node.bases}:
            for statement in node.body:
                if not isinstance(statement, ast.Assign):
                    continue
                value = statement.value
                if isinstance(value, ast.Tuple) and value.elts and _is_words(value.elts[-1]):
                    found.append(value.elts[-1])
    found.sort(key=lambda node: (node.lineno, node.col_offset))
    return [f"{node.lineno}: {ast.get_source_segment(source, node)}" for node in found]


def msgids(source: str) -> set[str | tuple[str, int]]:
    """The msgids a module marks, as the compiled catalogue keys them (context\\x04id)."""
    keys: set[str | tuple[str, int]] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in TRANSLATING:
            continue
        texts = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        name = _name(node.func)
        if name.startswith("np") and len(texts) >= 3:
            keys.add((f"{texts[0]}\x04{texts[1]}", 0))
        elif name.startswith("p") and len(texts) >= 2:
            keys.add(f"{texts[0]}\x04{texts[1]}")
        elif name.startswith("n") and len(texts) >= 2:
            keys.add((texts[0], 0))
        elif name != "format_lazy" and texts:
            keys.add(texts[0])
    return keys


def test_the_pending_list_is_sorted_and_names_modules_that_exist() -> None:
    names = pending()
    assert names == sorted(set(names)), "keep tests/i18n_pending_python.txt sorted"
    missing = sorted(set(names) - set(modules()))
    assert not missing, f"not modules any more, delete these lines: {missing}"


@pytest.mark.parametrize("name", translated_modules())
def test_a_translated_module_shows_no_bare_string(name: str) -> None:
    source = (ROOT / name).read_text(encoding="utf-8")
    assert untranslated(source) == [], (
        f"{name} shows words without gettext; wrap them in gettext/gettext_lazy, "
        "or list the module in tests/i18n_pending_python.txt"
    )


def test_the_check_finds_bare_strings_and_accepts_translated_ones() -> None:
    bad = (
        "from django import forms\n"
        "class F(forms.Form):\n"
        "    name = forms.CharField(label='Name', help_text=f'Up to {n}')\n"
        "    def clean(self):\n"
        "        self.add_error('name', 'Too long')\n"
        "        raise forms.ValidationError('Pick %s' % x)\n"
        "class Kind(models.TextChoices):\n"
        "    CASH = 'cash', 'Cash'\n"
        "def view(request):\n"
        "    messages.success(request, 'Saved.')\n"
        "    raise BookingRefused('That time is taken.')\n"
    )
    assert [line.split(":")[0] for line in untranslated(bad)] == [
        "3",
        "3",
        "5",
        "6",
        "8",
        "10",
        "11",
    ]
    good = (
        "from django.utils.translation import gettext as _, gettext_lazy\n"
        "class F(forms.Form):\n"
        "    name = forms.CharField(label=gettext_lazy('Name'), max_length=5)\n"
        "    def clean(self):\n"
        "        self.add_error('name', _('Too long'))\n"
        "        raise forms.ValidationError(_('Pick %(x)s') % {'x': x}, code='pick')\n"
        "class Kind(models.TextChoices):\n"
        "    CASH = 'cash', gettext_lazy('Cash')\n"
        "def view(request):\n"
        "    messages.success(request, _('Saved.'))\n"
        "    raise BookingRefused(refusal)\n"
    )
    assert untranslated(good) == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_of_a_translated_module_is_translated(language: str, tmp_path: Path) -> None:
    translations = compiled(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", tmp_path)
    missing = {
        name: sorted(map(str, msgids((ROOT / name).read_text("utf-8")) - translations.keys()))
        for name in translated_modules()
    }
    missing = {name: keys for name, keys in missing.items() if keys}
    assert missing == {}, f"no {language} msgstr yet (run makemessages, translate)"
