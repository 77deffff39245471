"""The server-error page, and the one for while the database can't be reached.

Django calls `server_error` for any exception a page or a middleware didn't handle. When
that exception is the database being unreachable (a restart, a failover, a full
connection pool), the answer is 503 with Retry-After and a plain page that needs no
database, so browsers, proxies and monitors know to come back. Nothing to reset: every
request connects afresh, so pages answer again as soon as the database does.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def database_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After while the database is unreachable."""
    if not database_unreachable(sys.exc_info()[1]):
        response: HttpResponse = django_server_error(request)
        return response
    # Rendered without the request: no context processor may touch the database.
    page = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
    unavailable = HttpResponseServerError(page)
    unavailable.status_code = 503
    unavailable["Retry-After"] = str(RETRY_AFTER_SECONDS)
    unavailable["Cache-Control"] = "no-store"
    return unavailable
