"""Every URL keeps its path and name: the URL map is compared with tests/routes.txt.

A route added, removed, renamed or moved changes the map; regenerate the file on purpose with
`python manage.py shell -v 0 -c "import tests.test_routes as t; t.dump()" > tests/routes.txt` and
review the diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

SNAPSHOT = Path(__file__).with_name("routes.txt")
SAMPLES = {"str": "zz9", "slug": "zz-9", "int": "7", "path": "zz/9"}
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Every route: its full path pattern and its namespaced name ("-" when unnamed)."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route, ":".join(filter(None, (namespace, p.namespace))))
        else:
            yield route, ":".join(filter(None, (namespace, p.name))) if p.name else "-"


def url_map() -> list[tuple[str, str]]:
    """The URL map without the uploads route that only DEBUG serves."""
    media = "^" + settings.MEDIA_URL.lstrip("/")
    return sorted(r for r in walk(get_resolver().url_patterns) if not r[0].startswith(media))


def dump() -> None:
    print("\n".join(f"{route} {name}" for route, name in url_map()))


def test_every_url_keeps_its_path_and_name() -> None:
    lines = [f"{route} {name}" for route, name in url_map()]
    assert lines == SNAPSHOT.read_text().splitlines()


def _sample(route: str) -> str:
    return "/" + CONVERTER.sub(lambda m: SAMPLES[m.group(1) or "str"], route)


@pytest.mark.parametrize(
    ("route", "name"), [r for r in url_map() if "^" not in r[0] and "(?" not in r[0]]
)
def test_each_path_reaches_its_own_route(route: str, name: str) -> None:
    """No route hides another (a `<code>/` before `new/`), whatever the order of includes."""
    assert resolve(_sample(route)).route == route
