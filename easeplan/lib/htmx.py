"""Pages htmx may ask for in part: the part for htmx, the whole page for anything else.

Both answers carry ``Vary: HX-Request``, so a browser or proxy never hands the part to
someone asking for the page (or the other way round). A history restore (Back, after
htmx's own cache missed) sends ``HX-Request`` too but needs the whole page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

HEADER = "HX-Request"


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asks for a part of the page (and not for a history restore)."""
    details: Any = getattr(request, "htmx", None)
    return bool(details) and not details.history_restore_request


def varies(response: HttpResponse) -> HttpResponse:
    """Mark `response` as one of the answers that depend on the HX-Request header."""
    patch_vary_headers(response, (HEADER,))
    return response


def render_fragment(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int | None = None
) -> HttpResponse:
    """The part of a page htmx swaps in."""
    return varies(render(request, template, context, status=status))


def render_page(
    request: HttpRequest,
    page: str,
    context: dict[str, Any],
    *,
    fragment: str | None,
    status: int | None = None,
) -> HttpResponse:
    """`fragment` when htmx asks for a part, else the whole `page`."""
    template = fragment if fragment is not None and wants_fragment(request) else page
    return varies(render(request, template, context, status=status))
