"""Request checks that hold for every page, before any view runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL = "\x00"
NUL_REFUSED = (
    "This address or form contains a character that can't be used (a NUL byte). "
    "Please check the link or what you typed, and try again."
)


def _has_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def has_nul_bytes(request: HttpRequest) -> bool:
    """A NUL anywhere in the path, the query string or the posted fields, raw or %00-decoded.

    PostgreSQL can't store or compare text holding NUL, so such input would otherwise fail
    deep inside a query. Uploaded files are not fields and may hold any bytes.
    """
    if NUL in request.path:
        return True
    for data in (request.GET, request.POST if request.method == "POST" else None):
        if data is None:
            continue
        if _has_nul(data.keys()) or any(_has_nul(data.getlist(key)) for key in data):
            return True
    return False


class RefuseNulBytes:
    """Answer 400 with a plain message to any request carrying a NUL byte."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul_bytes(request):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
