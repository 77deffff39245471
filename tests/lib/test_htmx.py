"""Parts of pages for htmx, whole pages otherwise, and caches told which is which."""

from __future__ import annotations

import re
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

import easeplan
from easeplan.lib import htmx

PART = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def request(headers: dict[str, str] | None = None) -> HttpRequest:
    made = RequestFactory().get("/", headers=headers or {})
    HtmxMiddleware(lambda r: HttpResponse())(made)
    return made


def test_htmx_asks_for_a_part() -> None:
    assert htmx.wants_fragment(request(PART))


def test_a_plain_request_and_a_history_restore_want_the_whole_page() -> None:
    assert not htmx.wants_fragment(request())
    assert not htmx.wants_fragment(request(RESTORE))
    assert not htmx.wants_fragment(RequestFactory().get("/"))  # without the middleware


def test_every_answer_says_it_depends_on_the_htmx_header() -> None:
    response = htmx.varies(HttpResponse())
    response["Vary"] = response["Vary"] + ", Cookie"
    assert "HX-Request" in response["Vary"]
    assert htmx.varies(response)["Vary"].count("HX-Request") == 1


def test_views_ask_lib_htmx_not_the_request() -> None:
    """One place decides part or page, so no view forgets the Vary header or a restore."""
    package = Path(easeplan.__file__).parent
    direct = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.parent.name != "lib" and re.search(r"request\.htmx\b|\"htmx\"", path.read_text())
    ]
    assert direct == []
