"""Typed requests, the part that names no app: what django-htmx puts on every request.

The requests that name models build on `HtmxRequest` in the lowest layer that owns those
models: `accounts/http.py` (`ClientRequest`: a signed-in user) and `practice/http.py`
(`StaffRequest`: the membership and practice the staff decorators set; `SiteRequest`: the
practice of the public site). lib stays a leaf: it imports no app, not even for types.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: `HtmxMiddleware` sets `htmx`, falsy unless htmx sent the request."""

    htmx: HtmxDetails
