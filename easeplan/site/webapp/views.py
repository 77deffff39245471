"""The manifest, the service worker and the offline page: nothing here reads a session,
so none of them can carry a person's data."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from . import manifest as app

JS = "text/javascript; charset=utf-8"


def _practice_name(request: HttpRequest) -> str:
    practice = getattr(request, "site_practice", None)
    return practice.name if practice else "easeplan"


def _practice_phone(request: HttpRequest) -> str:
    practice = getattr(request, "site_practice", None)
    return practice.phone if practice else ""


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest of the practice whose site this host serves."""
    icons = {icon.name: static(icon.name) for icon in app.ICONS}
    body = json.dumps(app.manifest(_practice_name(request), icons), indent=2)
    return HttpResponse(body, content_type="application/manifest+json")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker. Served from /sw.js, so it may control the whole site; it keeps
    the offline page and the static files that page needs (their hashed URLs) and never a
    page. Browsers fetch it again on every visit (no-store, see lib/headers.py)."""
    urls = app.precache([static(name) for name in app.OFFLINE_ASSETS], settings.STATIC_URL)
    context = {
        "version": app.version(urls, _practice_name(request), _practice_phone(request)),
        "precache": json.dumps(urls),
        "static_prefix": json.dumps(settings.STATIC_URL),
        "offline_url": json.dumps(app.OFFLINE_URL),
    }
    body = render_to_string("site/webapp/sw.js", context)
    return HttpResponse(body, content_type=JS)


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the app shows when there is no connection. Rendered without the request (no
    session, no CSRF token, no signed-in name), because the service worker keeps it."""
    practice = getattr(request, "site_practice", None)
    return HttpResponse(render_to_string("site/webapp/offline.html", {"practice": practice}))
