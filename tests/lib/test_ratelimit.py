"""The fixed-window rate limit allows exactly `limit` attempts per key and window."""

from __future__ import annotations

from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from easeplan.lib import ratelimit


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
