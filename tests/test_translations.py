"""Every template says its words through gettext, and the French catalogue is whole and compiled.

A template not listed in tests/i18n_pending.txt may have no literal text outside translate
tags (text, and the alt/title/placeholder/aria-label attributes people read); every msgid
such a template uses has a French msgstr; nothing is fuzzy; the committed django.mo is what
the django.po compiles to. Finishing a template means deleting its line from the list.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import shutil
import subprocess
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
PENDING_FILE = Path(__file__).with_name("i18n_pending.txt")
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en-gb"]

# Blocks whose inside is not shown as written: a translated sentence, or a comment.
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS |= {"comment": "endcomment"}
READ_ATTRIBUTES = re.compile(
    r"""\s(?:alt|title|placeholder|aria-label|aria-description)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
# Scripts, styles, comments, and code (a command or a key is typed as it is, in any language);
# and an element marked lang="en": English on purpose, an instrument shown only in the
# language of its validated version (DESIGN invariant 12).
HIDDEN = re.compile(
    r"<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<code\b.*?</code>"
    r"""|<(?P<tag>\w+)\b[^>]*\slang=["']en["'][^>]*>.*?</(?P=tag)>""",
    re.S | re.I,
)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
WORD = re.compile(r"[^\W\d_]{2,}")
GETTEXT_CALLS = {"gettext": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}


def all_templates() -> list[str]:
    return sorted(
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*")
        if p.is_file() and p.suffix in {".html", ".txt"}
    )


def pending() -> list[str]:
    lines = PENDING_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def translated_templates() -> list[str]:
    waiting = set(pending())
    return [name for name in all_templates() if name not in waiting]


def skeleton(source: str) -> str:
    """The template as a reader sees it: tags and variables become NUL, skipped blocks vanish."""
    parts: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            closing = SKIPPED_BLOCKS.get(name)
        parts.append("\0")
    return "".join(parts)


def literal_text(source: str) -> list[str]:
    """The pieces of text a reader would see that no translate tag wraps."""
    shown = HIDDEN.sub("\0", skeleton(source))
    pieces = [next(g for g in m.groups() if g is not None) for m in READ_ATTRIBUTES.finditer(shown)]
    pieces += TAG.sub("\0", shown).split("\0")
    found = []
    for piece in pieces:
        for part in ENTITY.sub(" ", piece).split("\0"):
            if WORD.search(part):
                found.append(" ".join(part.split()))
    return found


def msgids(source: str) -> set[str | tuple[str, int]]:
    """The catalogue keys a template looks up, as GNUTranslations stores them."""
    keys: set[str | tuple[str, int]] = set()
    # Indentation means nothing here (templatize keeps the template's own), so it goes.
    code = "\n".join(line.lstrip() for line in templatize(source).splitlines())
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.string not in GETTEXT_CALLS:
            continue
        if i + 1 >= len(tokens) or tokens[i + 1].string != "(":
            continue
        strings = []
        for arg in tokens[i + 2 :]:
            if arg.type == tokenize.STRING:
                strings.append(ast.literal_eval(arg.string))
            elif arg.string != ",":
                break
        want = GETTEXT_CALLS[tok.string]
        strings = strings[:want]
        if tok.string == "gettext":
            keys.add(strings[0])
        elif tok.string == "pgettext":
            keys.add(f"{strings[0]}\x04{strings[1]}")
        elif tok.string == "ngettext":
            keys.add((strings[0], 0))
        else:
            keys.add((f"{strings[0]}\x04{strings[1]}", 0))
    return keys


def compiled(po: Path, tmp_path: Path) -> dict[object, str]:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (apt-get install gettext; .ci/run does it)"
    mo = tmp_path / f"{po.parent.parent.name}-{po.stem}.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)
    return catalogue(mo)


def catalogue(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        catalog: dict[object, str] = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    return catalog


def test_the_pending_list_is_sorted_and_names_templates_that_exist() -> None:
    names = pending()
    assert names == sorted(set(names)), "keep tests/i18n_pending.txt sorted, one path a line"
    missing = sorted(set(names) - set(all_templates()))
    assert not missing, f"not templates any more, delete these lines: {missing}"


@pytest.mark.parametrize("name", translated_templates())
def test_a_translated_template_has_no_literal_text(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert literal_text(source) == [], (
        f"templates/{name} shows text outside translate tags; wrap it in {{% translate %}} or "
        "{% blocktranslate trimmed %}, or list the template in tests/i18n_pending.txt"
    )


def test_text_marked_as_english_on_purpose_is_not_asked_for() -> None:
    source = '<legend lang="en">Tick the sentences</legend><p>Shown untranslated</p>'
    assert literal_text(source) == ["Shown untranslated"]


def test_the_check_finds_literal_text_and_accepts_translated_text() -> None:
    bad = '<p title="Close">Book a visit</p><img alt="Hands">{% if x %}Hello{% endif %}'
    assert literal_text(bad) == ["Close", "Hands", "Book a visit", "Hello"]
    good = (
        '{% load i18n %}<p title="{% translate "Close" %}">{% translate "Book" %} · '
        "{{ name }}</p>{% blocktranslate trimmed %}Hi {{ name }}{% endblocktranslate %}"
        "{# note #}{% comment %}Why this is so{% endcomment %}<!-- layout -->"
        '<script>let x = "text";</script>&nbsp;&mdash;<pre><code>make run</code></pre>'
    )
    assert literal_text(good) == []


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language: str, tmp_path: Path) -> None:
    messages = ROOT / "locale" / language / "LC_MESSAGES"
    for po in sorted(messages.glob("*.po")):
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"run manage.py compilemessages: {mo.relative_to(ROOT)} is missing"
        assert catalogue(mo) == compiled(po, tmp_path), (
            f"{mo.relative_to(ROOT)} is stale: run manage.py compilemessages -l {language} "
            "--ignore=.venv and commit it"
        )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_no_translation_is_fuzzy(language: str) -> None:
    for po in (ROOT / "locale" / language / "LC_MESSAGES").glob("*.po"):
        fuzzy = [line for line in po.read_text(encoding="utf-8").splitlines() if "fuzzy" in line]
        fuzzy = [line for line in fuzzy if line.startswith("#,")]
        assert fuzzy == [], f"{po.relative_to(ROOT)} has fuzzy entries: check and unmark them"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_of_a_translated_template_is_translated(language: str, tmp_path: Path) -> None:
    translations = compiled(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", tmp_path)
    untranslated = {
        name: sorted(map(str, msgids((TEMPLATES / name).read_text("utf-8")) - translations.keys()))
        for name in translated_templates()
    }
    untranslated = {name: keys for name, keys in untranslated.items() if keys}
    assert untranslated == {}, f"no {language} msgstr yet (run makemessages, translate)"
