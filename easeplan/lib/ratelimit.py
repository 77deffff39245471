"""A fixed-window rate limit over Django's cache.

With several app servers the cache must be shared (Redis or the database cache:
``CACHE_URL``), or each server counts on its own.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def hit(scope: str, key: str, *, limit: int, window_seconds: int, now: float | None = None) -> bool:
    """Count one attempt; True while `key` has made at most `limit` attempts in this window."""
    return count(scope, key, window_seconds=window_seconds, now=now) <= limit


def count(scope: str, key: str, *, window_seconds: int, now: float | None = None) -> int:
    """Count one attempt of `key` and return how many it has made in this window."""
    now = time.time() if now is None else now
    window = int(now // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    # add() is a no-op when the key exists, so the first attempt of a window starts at 1.
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        return 1
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window_seconds + 5)
        return 1


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT
    says (allauth's rule, so login limits and ours agree)."""
    from allauth.core.internal.httpkit import get_client_ip

    return get_client_ip(request) or "unknown"
