"""Slot search over 8 weeks of a busy therapist's diary: `free_slots` against the naive search.

Run with `make bench` (or `.venv/bin/python bench/slots.py`); no Django or database needed.
The therapist works in London Monday to Friday 8:00-12:30 and 13:30-19:00 and Saturday
9:00-15:00, takes Wednesday afternoons off and has 300+ visits of 30 to 60 minutes in the 8
weeks from 12 October 2026, which cross the change back to GMT on 25 October. The search
is for a 60-minute visit with 15 minutes kept free after it, on a 15-minute grid.

Prints the median time of each search and the ratio, so figures from different machines
compare by ratio; both searches must find the same slots.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from easeplan.booking.slots import (
    Interval,
    WeeklyHours,
    free_slots,
    naive_free_slots,
    working_intervals,
)

LONDON = ZoneInfo("Europe/London")
FIRST_DAY = dt.date(2026, 10, 12)  # a Monday; the clocks go back on Sunday 25 October
WEEKS = 8
WEDNESDAY = 2
FAST_ROUNDS = 50
NAIVE_ROUNDS = 5
HOURS = [
    WeeklyHours(day, starts, ends)
    for day in range(5)
    for starts, ends in ((dt.time(8), dt.time(12, 30)), (dt.time(13, 30), dt.time(19)))
] + [WeeklyHours(5, dt.time(9), dt.time(15))]
BOOKED_BUFFER = dt.timedelta(minutes=10)  # after each existing visit
BUFFER = dt.timedelta(minutes=15)  # after the visit searched for


def local(day: dt.date, wall: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, wall, tzinfo=LONDON)


def time_off(last_day: dt.date) -> list[Interval]:
    """Wednesday afternoons, 13:30-19:00."""
    days = (FIRST_DAY + dt.timedelta(days=n) for n in range((last_day - FIRST_DAY).days + 1))
    afternoon = (dt.time(13, 30), dt.time(19))
    return [
        Interval(local(day, afternoon[0]), local(day, afternoon[1]))
        for day in days
        if day.weekday() == WEDNESDAY
    ]


def appointments(last_day: dt.date, away: list[Interval]) -> list[Interval]:
    """Visits of 30 to 60 minutes with small gaps, each extended by its 10-minute buffer."""
    chance = random.Random(2026)  # noqa: S311 - a repeatable diary, not a secret
    booked = []
    for work in working_intervals(HOURS, LONDON, FIRST_DAY, last_day):
        starts = work.starts + dt.timedelta(minutes=chance.choice([0, 0, 15]))
        while True:
            ends = starts + dt.timedelta(minutes=chance.choice([30, 45, 60])) + BOOKED_BUFFER
            if ends > work.ends:
                break
            if not any(off.starts < ends and starts < off.ends for off in away):
                booked.append(Interval(starts, ends))
            starts = ends + dt.timedelta(minutes=chance.choice([0, 0, 0, 15, 30, 45]))
    chance.shuffle(booked)  # the search must not rely on the order it is given
    return booked


def median_ms(search: Callable[[], list[dt.datetime]], rounds: int) -> float:
    search()  # warm up
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        search()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    last_day = FIRST_DAY + dt.timedelta(weeks=WEEKS, days=-1)
    away = time_off(last_day)
    booked = appointments(last_day, away)
    assert len(booked) >= 300, len(booked)
    arguments: dict[str, Any] = {
        "hours": HOURS,
        "busy": booked + away,
        "duration": dt.timedelta(minutes=60),
        "buffer_after": BUFFER,
        "zone": LONDON,
        "now": local(FIRST_DAY - dt.timedelta(days=1), dt.time(12)),
        "window_start": local(FIRST_DAY, dt.time(0)),
        "window_end": local(last_day + dt.timedelta(days=1), dt.time(0)),
    }
    found = free_slots(**arguments)
    assert naive_free_slots(**arguments) == found, "the fast and naive searches disagree"
    fast = median_ms(lambda: free_slots(**arguments), FAST_ROUNDS)
    naive = median_ms(lambda: naive_free_slots(**arguments), NAIVE_ROUNDS)
    print(
        f"slots: {WEEKS} weeks, {len(booked)} appointments, {len(found)} free slots: "
        f"fast {fast:.2f} ms (median of {FAST_ROUNDS}), "
        f"naive {naive:.1f} ms (median of {NAIVE_ROUNDS}), {naive / fast:.0f}x faster"
    )


if __name__ == "__main__":
    main()
