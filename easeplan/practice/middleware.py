"""Resolve the practice whose public site this request is for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
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


LANGUAGES_KEY = "practice-languages"


def practice_languages() -> dict[str, Any]:
    """Every practice's default language by domain and by slug, and the first practice's.

    Kept in the cache and rebuilt whenever a practice is saved or deleted, so that choosing
    a page's language costs no query, whether or not the page reads `site_practice`.
    """
    known = cache.get(LANGUAGES_KEY)
    if known is None:
        known = remember_practice_languages()
    return cast("dict[str, Any]", known)


def remember_practice_languages() -> dict[str, Any]:
    rows = list(
        Practice.objects.order_by("created_at", "pk").values_list("domain", "slug", "language")
    )
    known = {
        "domains": {domain.lower(): language for domain, _slug, language in rows if domain},
        "slugs": {slug: language for _domain, slug, language in rows},
        "first": rows[0][2] if rows else "",
    }
    cache.set(LANGUAGES_KEY, known, None)
    return known


def forget_practice_languages() -> None:
    cache.delete(LANGUAGES_KEY)


def practice_language_for(request: HttpRequest) -> str | None:
    """The default language of the practice this request's host is for (site_practice_for's
    order: the host's own domain, else the configured practice, else the first)."""
    known = practice_languages()
    host = request.get_host().split(":")[0].lower()
    if host in known["domains"]:
        return str(known["domains"][host])
    if settings.EASEPLAN_SITE_PRACTICE:
        return known["slugs"].get(settings.EASEPLAN_SITE_PRACTICE) or None
    return known["first"] or None


class PracticeLanguageMiddleware:
    """Activates the page's language once the person and the practice are known.

    The order: the signed-in person's language (kept on their account), else the language
    cookie (the footer's switcher), else the practice's default. Before any practice exists
    (the first-run wizard) Django's LocaleMiddleware choice stands: the browser's
    Accept-Language, else LANGUAGE_CODE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        if language is not None:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

    @staticmethod
    def language_for(request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen and chosen in LANGUAGE_CODES:
            return str(chosen)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie and translation.check_for_language(cookie):
            return None  # LocaleMiddleware has activated it already
        return practice_language_for(request)


LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
