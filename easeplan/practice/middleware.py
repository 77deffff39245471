"""Resolve the practice whose public site this request is for."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .http import SiteRequest
from .models import Practice

# Relations of a practice that its public pages read on every request, loaded in the same
# query: an app above this one adds its own at ready (the site app adds `public_site`), so
# this layer names none of them.
SITE_PRACTICE_RELATED: list[str] = []


def site_practice_for(request: HttpRequest) -> Practice | None:
    """The practice matching the request's host, else the configured one, else the first."""
    practices = Practice.objects.all()
    if SITE_PRACTICE_RELATED:
        practices = practices.select_related(*SITE_PRACTICE_RELATED)
    host = request.get_host().split(":")[0].lower()
    by_domain = practices.filter(domain__iexact=host).first()
    if by_domain is not None:
        return by_domain
    if settings.EASEPLAN_SITE_PRACTICE:
        return practices.filter(slug=settings.EASEPLAN_SITE_PRACTICE).first()
    return practices.order_by("created_at", "pk").first()


class SitePracticeMiddleware:
    """Sets `request.site_practice` lazily: it costs a query only when a page uses it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        site = cast(SiteRequest, request)
        site.site_practice = cast(
            "Practice | None", SimpleLazyObject(lambda: site_practice_for(request))
        )
        return self.get_response(request)
