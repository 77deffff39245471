"""Denied attempts to open a record go into the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponseBase

from .audit import AuditContext, log_action

# Signed-in audiences whose pages show records; a 404 there is a refused (or mistyped) look.
PRIVATE_PREFIXES = ("/staff/", "/account/")


class DeniedAccessAuditMiddleware:
    """Record every 404 a signed-in person gets on a staff or account page: who, which
    route and method. Nothing of the record asked for is kept (not even its code), so the
    trail never holds another practice's data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        match = request.resolver_match
        if (
            not isinstance(exception, Http404)
            or match is None
            or not request.user.is_authenticated
            or not request.path_info.startswith(PRIVATE_PREFIXES)
        ):
            return
        log_action(
            request.user,
            "access.denied",
            data={"route": match.route, "view": match.view_name, "method": request.method},
            practice=getattr(request, "practice", None),
            audit=AuditContext.of(request),
        )
