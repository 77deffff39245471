"""What the public site shows, decided over plain values: the practice's opening hours and
the condition pages on show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

Interval = tuple[dt.time, dt.time]


def opening_hours(hours: Iterable[tuple[int, dt.time, dt.time]]) -> dict[int, list[Interval]]:
    """The practice's opening hours per weekday (0 = Monday): the union of everyone's
    working hours that day, overlapping or touching intervals merged, sorted by start.

    Working hours are kept in the practice's local time, so the result is in that time
    too. Days nobody works are left out; empty intervals (end not after start) are ignored.
    """
    by_day: dict[int, list[Interval]] = {}
    for weekday, starts, ends in hours:
        if ends > starts:
            by_day.setdefault(weekday, []).append((starts, ends))
    return {day: merged(spans) for day, spans in sorted(by_day.items())}


def merged(spans: Iterable[Interval]) -> list[Interval]:
    """`spans` as the fewest sorted intervals covering the same time."""
    result: list[Interval] = []
    for starts, ends in sorted(spans):
        if result and starts <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], ends))
        else:
            result.append((starts, ends))
    return result


def shown(slugs: Sequence[str], hidden: Iterable[str], always: Iterable[str]) -> list[str]:
    """The slugs of `slugs` on show, in their order: all but the hidden ones, and the
    `always` ones in any case."""
    off = set(hidden) - set(always)
    return [slug for slug in slugs if slug not in off]
