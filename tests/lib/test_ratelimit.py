"""The fixed-window rate limit allows exactly `limit` attempts per key and window.

Every test runs against the in-process cache and against a real Redis (the production
``CACHE_URL=redis://…``): Redis on 127.0.0.1:6379 in CI, skipped elsewhere when it is down.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from easeplan.lib import ratelimit

# A database number of its own, and a prefix per run, so other users of Redis are untouched.
REDIS_URL = os.environ.get("EASEPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
CACHES = {
    "locmem": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "redis": {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"easeplan-test-{os.getpid()}",
        }
    },
}


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module", params=sorted(CACHES), autouse=True)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "redis" and not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail("Redis must run on 127.0.0.1:6379 in CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    with override_settings(CACHES=CACHES[request.param]):
        yield request.param
        cache.clear()


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(1, 20),
    attempts=st.integers(0, 40),
    window=st.integers(60, 7200),
    start=st.floats(0, 1e9),
)
def test_exactly_limit_attempts_pass_in_one_window(limit, attempts, window, start) -> None:
    cache.clear()
    moment = (start // window) * window  # the beginning of a window
    allowed = [
        ratelimit.hit("t", "k", limit=limit, window_seconds=window, now=moment)
        for _ in range(attempts)
    ]
    assert sum(allowed) == min(limit, attempts)
    assert allowed == sorted(allowed, reverse=True)  # once refused, refused until the window ends


def test_a_new_window_starts_afresh_and_keys_are_separate() -> None:
    cache.clear()
    for _ in range(2):
        ratelimit.hit("t", "a", limit=2, window_seconds=60, now=0)
    assert not ratelimit.hit("t", "a", limit=2, window_seconds=60, now=1)
    assert ratelimit.hit("t", "b", limit=2, window_seconds=60, now=1)
    assert ratelimit.hit("t", "a", limit=2, window_seconds=60, now=61)


def test_the_cache_in_use_is_the_one_configured(backend: str) -> None:
    expected = {"redis": "RedisCache", "locmem": "LocMemCache"}[backend]
    assert type(caches["default"]).__name__ == expected
