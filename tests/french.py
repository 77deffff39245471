"""Reading a page in French: turn French on for a request or an email, and find the English
sentences of our catalogue that are still in what was rendered."""

from __future__ import annotations

import gettext
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.conf import settings
from django.test import Client as HttpClient
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


@contextmanager
def in_french(*browsers: HttpClient) -> Iterator[None]:
    """French for everything rendered inside, and for the browsers' requests (the language
    cookie a visitor's choice sets)."""
    for browser in browsers:
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with translation.override("fr"):
        yield


def words(text: str) -> str:
    """What a reader sees: tags dropped, entities decoded, runs of white space as one."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@cache
def english_sentences() -> tuple[str, ...]:
    """Our catalogue's English sentences that have a different French (placeholders cut out
    at the first one), long enough not to be a word that both languages share."""
    with CATALOGUE.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    found = []
    for key, french in catalogue.items():
        english = key[0] if isinstance(key, tuple) else key
        if not english or english == french:
            continue
        sentence = words(re.split(r"%\(\w+\)[sd]", english)[0])
        if len(sentence) >= 24:
            found.append(sentence)
    return tuple(sorted(set(found)))


def english_left_in(text: str) -> list[str]:
    """The English sentences of our catalogue still in `text`."""
    seen = words(text)
    return [sentence for sentence in english_sentences() if sentence in seen]
