"""Failed sign-ins: throttled so a stranger can't lock the owner of an account out.

Three limits apply (the first two through allauth's ``ACCOUNT_RATE_LIMITS["login_failed"]``):

- per address: a burst of failures from one address is slowed down, whatever the account;
- per account *and* place: failures count for one account from one place, where the place
  is the browser the owner signed in with before (a signed "known device" cookie) or
  else the address. A stranger's failures from elsewhere never count against the owner's
  own browser or address;
- per account from unknown places: after many failures in an hour from browsers the
  account has never signed in with, further tries from such browsers are refused for
  the hour, while the owner's known browsers still sign in. A password reset (a signed
  link sent to the owner's email) lifts it.

After ``WARN_AFTER`` failures the owner gets one email (at most one per window), and every
failure, refusal and wrong two-factor code goes into the audit trail.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

from easeplan.lib import ratelimit

DEVICE_COOKIE = "easeplan_device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 365
_SALT = "easeplan.accounts.device"

WINDOW_SECONDS = 60 * 60
WARN_AFTER = 5  # failures in a window before the owner is told, once
UNKNOWN_PLACE_LIMIT = 20  # failures in a window from unknown browsers before they are refused


def login_id(login: str) -> str:
    """A stable, non-reversible name for the login typed (an email), for cache keys."""
    return salted_hmac(_SALT, login.strip().lower()).hexdigest()[:32]


def known_device(request: HttpRequest, login: str) -> str | None:
    """The id of this browser if the account `login` signed in with it before, else None."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != login_id(login):
        return None
    return str(data.get("d", "")) or None


def remember_device(request: HttpRequest, response: HttpResponseBase, login: str) -> None:
    """After a successful sign-in, mark this browser as one the account uses."""
    device = known_device(request, login) or secrets.token_urlsafe(12)
    value = signing.dumps({"a": login_id(login), "d": device}, salt=_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def place(request: HttpRequest, login: str) -> str:
    """Where a sign-in comes from: the owner's known browser, or the address."""
    device = known_device(request, login)
    return f"device:{device}" if device else f"ip:{ratelimit.client_ip(request)}"


def _blocked_key(login: str) -> str:
    return f"login-unknown-blocked:{login_id(login)}"


def unknown_places_blocked(request: HttpRequest, login: str) -> bool:
    """True when `login` had too many failures from unknown browsers and this is one."""
    return known_device(request, login) is None and bool(cache.get(_blocked_key(login)))


def record_failure(request: HttpRequest, login: str) -> tuple[int, bool]:
    """Count a failed sign-in for `login`: (failures this window, whether to warn the owner).

    The owner is warned once per window, at the ``WARN_AFTER``-th failure or later.
    """
    failures = ratelimit.count("login-failed", login_id(login), window_seconds=WINDOW_SECONDS)
    if known_device(request, login) is None:
        unknown = ratelimit.count(
            "login-failed-unknown", login_id(login), window_seconds=WINDOW_SECONDS
        )
        if unknown >= UNKNOWN_PLACE_LIMIT:
            cache.set(_blocked_key(login), 1, timeout=WINDOW_SECONDS)
    warn = failures >= WARN_AFTER and cache.add(
        f"login-warned:{login_id(login)}", 1, timeout=WINDOW_SECONDS
    )
    return failures, bool(warn)


def forget_failures(login: str) -> None:
    """A password reset proves the owner holds the mailbox: lift the unknown-place block."""
    cache.delete(_blocked_key(login))


def audit_data(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """What the trail keeps of a sign-in attempt: the route and whether the browser was
    known; the address goes in the event's own ip column, never the password typed."""
    return {"route": request.path, **extra}
