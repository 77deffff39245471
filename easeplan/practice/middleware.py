"""Resolve the practice whose public site this request is for."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from easeplan.lib import hosts

from .http import SiteRequest
from .models import Practice

# Relations of a practice that its public pages read on every request, loaded in the same
# query: an app above this one adds its own at ready (the site app adds `public_site`), so
# this layer names none of them.
SITE_PRACTICE_RELATED: list[str] = []


def site_practice_for(request: HttpRequest) -> Practice | None:
    """The practice whose public site this host is.

    A practice's own domain first. With hosted sign-up on, `<slug>.<the hosting domain>`
    is that practice's site; the hosting domain itself (where /start/ is) and a subdomain
    no practice has are no practice's, and a host outside it is EASEPLAN_SITE_PRACTICE's
    or none: one practice's pages never show on another's address. Without sign-up, the
    configured practice, else the first.
    """
    practices = Practice.objects.all()
    if SITE_PRACTICE_RELATED:
        practices = practices.select_related(*SITE_PRACTICE_RELATED)
    host = hosts.normalise(request.get_host().split(":")[0])
    by_domain = practices.filter(domain__iexact=host).first()
    if by_domain is not None:
        return by_domain
    if settings.EASEPLAN_PRACTICE_SIGNUP:
        suffix = "." + settings.EASEPLAN_PRACTICE_DOMAIN
        slug = host.removesuffix(suffix)
        if host.endswith(suffix) and slug and "." not in slug:
            return practices.filter(slug=slug).first()
        if hosts.is_under(host, settings.EASEPLAN_PRACTICE_DOMAIN):
            return None
    if settings.EASEPLAN_SITE_PRACTICE:
        return practices.filter(slug=settings.EASEPLAN_SITE_PRACTICE).first()
    if settings.EASEPLAN_PRACTICE_SIGNUP:
        return None
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
