"""Response headers that keep health and personal data out of caches and lock down
browser features no page uses.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in
settings); this middleware adds what it does not: ``Permissions-Policy`` on every
response and ``Cache-Control: no-store`` on every page that may show a person's data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# Browser features no easeplan page uses; a compromised script can't reach them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


# Pages that show nobody's data: the practice's public site, the first booking step
# (services and free times) and the health probe.
PUBLIC_PATHS = frozenset({"/", "/health/", "/contact/", "/contact/thanks/", "/book/"})
PUBLIC_PREFIXES = ("/conditions/",)


def is_public(request: HttpRequest) -> bool:
    """True for a GET of a public page by a visitor without a session, or of a static file.
    Everything else (staff/, account/, the portal, reports, exports, booking confirmations,
    the self-check, sign-in pages, calendar feeds, any form sent back with what was typed,
    and a public page seen by someone signed in or with self-check answers in their
    session) may show a person's data."""
    if request.method not in {"GET", "HEAD"}:
        return False
    path = request.path_info
    if path.startswith(settings.STATIC_URL):
        return True
    public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
    return public and not _has_session(request)


def _has_session(request: HttpRequest) -> bool:
    """The request carries a session (signed in, or answers kept for the visitor): the
    page may then be about that person."""
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty()


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; private pages are never stored by a browser or proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not is_public(request):
            del response["Cache-Control"]
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, private
        return response
