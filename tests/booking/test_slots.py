"""Slot search: the rules of `free_slots`, checked by properties and across clock changes.

Pure code, no database. `naive_free_slots` (the obvious slow search) is the oracle.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from easeplan.booking.slots import (
    Interval,
    WeeklyHours,
    free_slots,
    naive_free_slots,
    working_intervals,
)

pytestmark = pytest.mark.once  # independent of the database

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
# The Sundays in 2026 on which the clocks change (any date serves for UTC).
CHANGES = {
    "Europe/London": [dt.date(2026, 3, 29), dt.date(2026, 10, 25)],
    "America/New_York": [dt.date(2026, 3, 8), dt.date(2026, 11, 1)],
    "Australia/Sydney": [dt.date(2026, 4, 5), dt.date(2026, 10, 4)],
    "UTC": [dt.date(2026, 3, 29), dt.date(2026, 10, 25)],
}
SPRING_IN_LONDON = dt.date(2026, 3, 29)  # 01:00-02:00 does not exist
AUTUMN_IN_LONDON = dt.date(2026, 10, 25)  # 01:00-02:00 happens twice
EVERY_DAY = range(7)


def minutes(count: int) -> dt.timedelta:
    return dt.timedelta(minutes=count)


def clock(minute_of_day: int) -> dt.time:
    return dt.time(minute_of_day // 60, minute_of_day % 60)


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(UTC)


# -- generated searches ----------------------------------------------------------------


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    """Any interval of a day; often Sunday (when clocks change) and often in the night."""
    weekday = draw(st.just(6) | st.integers(0, 6))
    starts = draw(st.sampled_from([0, 30, 60, 75, 90, 120, 150]) | st.integers(0, 1438))
    length = draw(st.integers(120, 600) | st.integers(1, 600))
    ends = draw(st.just(min(starts + length, 1439)) | st.just(1439))
    return WeeklyHours(weekday, clock(starts), clock(ends))


@st.composite
def busy_intervals(draw: st.DrawFn, around: dt.datetime, zone: ZoneInfo) -> Interval:
    """A busy stretch near the search, written in the practice's zone, UTC or another."""
    starts = around + minutes(draw(st.integers(-1440, 5 * 1440)))
    ends = starts + minutes(draw(st.integers(1, 600)))
    shown_in = draw(st.sampled_from([zone, UTC, NEW_YORK, dt.timezone(dt.timedelta(hours=5))]))
    return Interval(starts.astimezone(shown_in), ends.astimezone(shown_in))


@st.composite
def searches(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for `free_slots`: a window of up to 4 days near a clock change."""
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    change = draw(st.sampled_from(CHANGES[zone.key]))
    window_start = local_midnight(change, zone) + minutes(draw(st.integers(-3 * 1440, 1440)))
    window_end = window_start + minutes(draw(st.integers(720, 5760) | st.integers(0, 5760)))
    now = window_start - minutes(draw(st.integers(0, 2880) | st.integers(-1440, 0)))
    return {
        "hours": draw(st.lists(weekly_hours(), min_size=1, max_size=8)),
        "busy": draw(st.lists(busy_intervals(window_start, zone), max_size=20)),
        "duration": minutes(draw(st.sampled_from([30, 45, 60, 90]) | st.integers(5, 180))),
        "buffer_after": minutes(draw(st.sampled_from([0, 5, 10, 15, 30]))),
        "zone": zone,
        # Moments given in the practice's zone or in UTC mean the same instants.
        "now": now.astimezone(draw(st.sampled_from([zone, UTC]))),
        "window_start": window_start.astimezone(draw(st.sampled_from([zone, UTC]))),
        "window_end": window_end.astimezone(draw(st.sampled_from([zone, UTC]))),
        "min_notice": minutes(draw(st.integers(0, 6 * 60))),
        "horizon": minutes(
            draw(st.just(60 * 1440) | st.integers(1440, 8640) | st.integers(0, 8640))
        ),
        "step": minutes(draw(st.sampled_from([5, 10, 15, 20, 30, 45, 60]))),
    }


def readings(day: dt.date, wall: dt.time, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and latest instant a wall-clock time can mean (they differ near changes).

    For a time in a spring-forward gap these lie either side of the gap, so checking
    against them allows the rule "the first instant after the gap" without restating it.
    """
    both = [dt.datetime.combine(day, wall, tzinfo=zone).replace(fold=f) for f in (0, 1)]
    instants = sorted(moment.astimezone(UTC) for moment in both)
    return instants[0], instants[1]


def inside_working_hours(
    slot: dt.datetime, duration: dt.timedelta, hours: list[WeeklyHours], zone: ZoneInfo
) -> bool:
    day = slot.astimezone(zone).date()
    return any(
        weekly.weekday == day.weekday()
        and readings(day, weekly.starts, zone)[0] <= slot
        and slot + duration <= readings(day, weekly.ends, zone)[1]
        for weekly in hours
    )


PROPERTIES = settings(max_examples=120, deadline=None)


@PROPERTIES
@given(search=searches())
def test_it_never_offers_a_slot_that_overlaps_a_busy_time(search: dict[str, Any]) -> None:
    kept = search["duration"] + search["buffer_after"]
    for slot in free_slots(**search):
        for busy in search["busy"]:
            assert slot + kept <= busy.starts or busy.ends <= slot


@PROPERTIES
@given(search=searches())
def test_every_visit_lies_inside_the_working_hours_of_its_local_day(search: dict[str, Any]) -> None:
    for slot in free_slots(**search):
        assert inside_working_hours(slot, search["duration"], search["hours"], search["zone"])


@PROPERTIES
@given(search=searches())
def test_slots_are_in_utc_sorted_and_unique(search: dict[str, Any]) -> None:
    slots = free_slots(**search)
    assert slots == sorted(set(slots))
    assert all(slot.tzinfo is UTC for slot in slots)


@PROPERTIES
@given(search=searches())
def test_it_keeps_to_the_notice_the_horizon_and_the_window(search: dict[str, Any]) -> None:
    now = search["now"].astimezone(UTC)  # aware arithmetic in a zone would be wall-clock
    for slot in free_slots(**search):
        assert now + search["min_notice"] <= slot <= now + search["horizon"]
        assert search["window_start"] <= slot < search["window_end"]


@PROPERTIES
@given(search=searches())
def test_it_finds_exactly_what_the_naive_search_finds(search: dict[str, Any]) -> None:
    assert free_slots(**search) == naive_free_slots(**search)


@PROPERTIES
@given(search=searches(), data=st.data())
def test_freeing_a_busy_time_never_takes_a_slot_away(
    search: dict[str, Any], data: st.DataObject
) -> None:
    busy = search["busy"]
    if not busy:
        return
    gone = data.draw(st.integers(0, len(busy) - 1))
    before = free_slots(**search)
    after = free_slots(**{**search, "busy": busy[:gone] + busy[gone + 1 :]})
    assert set(before) <= set(after)


# -- worked examples -------------------------------------------------------------------


def search_days(
    hours: list[WeeklyHours],
    zone: ZoneInfo,
    first_day: dt.date,
    last_day: dt.date,
    **overrides: Any,
) -> list[dt.datetime]:
    """Free 60-minute slots over whole local days, asked for well in advance."""
    window_start = local_midnight(first_day, zone)
    arguments: dict[str, Any] = {
        "hours": hours,
        "busy": [],
        "duration": minutes(60),
        "buffer_after": minutes(0),
        "zone": zone,
        "now": window_start - dt.timedelta(days=1),
        "window_start": window_start,
        "window_end": local_midnight(last_day + dt.timedelta(days=1), zone),
    }
    return free_slots(**{**arguments, **overrides})


def nine_to_five(zone: ZoneInfo, change: dt.date) -> dict[dt.date, list[dt.time]]:
    hours = [WeeklyHours(day, dt.time(9), dt.time(17)) for day in EVERY_DAY]
    one_day = dt.timedelta(days=1)
    by_day: dict[dt.date, list[dt.time]] = defaultdict(list)
    for slot in search_days(hours, zone, change - one_day, change + one_day):
        local = slot.astimezone(zone)
        by_day[local.date()].append(local.time())
    return by_day


@pytest.mark.parametrize(
    ("zone", "change"),
    [(ZoneInfo(key), day) for key in ZONES[:3] for day in CHANGES[key]],
    ids=lambda value: str(value),
)
def test_nine_to_five_starts_at_nine_local_before_on_and_after_a_clock_change(
    zone: ZoneInfo, change: dt.date
) -> None:
    by_day = nine_to_five(zone, change)
    one_day = dt.timedelta(days=1)
    assert sorted(by_day) == [change - one_day, change, change + one_day]
    for starts in by_day.values():
        assert starts[0] == dt.time(9)
        assert starts[-1] == dt.time(16)  # the last 60-minute visit
        assert len(starts) == 29  # 9:00 to 16:00 every 15 minutes


@pytest.mark.parametrize(
    ("zone", "change", "count"),
    [
        (LONDON, SPRING_IN_LONDON, 91),
        (LONDON, AUTUMN_IN_LONDON, 99),
        (NEW_YORK, dt.date(2026, 3, 8), 91),
        (NEW_YORK, dt.date(2026, 11, 1), 99),
        (SYDNEY, dt.date(2026, 4, 5), 99),
        (SYDNEY, dt.date(2026, 10, 4), 91),
    ],
    ids=lambda value: str(value),
)
def test_a_23_or_25_hour_day_has_an_hour_less_or_more_of_slots(
    zone: ZoneInfo, change: dt.date, count: int
) -> None:
    hours = [WeeklyHours(day, dt.time(0), dt.time(23, 45)) for day in EVERY_DAY]
    a_week_before = change - dt.timedelta(days=7)
    quarter_hours = {"duration": minutes(15)}
    assert len(search_days(hours, zone, a_week_before, a_week_before, **quarter_hours)) == 95
    assert len(search_days(hours, zone, change, change, **quarter_hours)) == count


def test_the_spring_night_in_london_skips_the_missing_hour() -> None:
    night = [WeeklyHours(6, dt.time(0, 30), dt.time(3, 30))]
    slots = search_days(night, LONDON, SPRING_IN_LONDON, SPRING_IN_LONDON)
    local = [slot.astimezone(LONDON).strftime("%H:%M") for slot in slots]
    assert local == ["00:30", "00:45", "02:00", "02:15", "02:30"]  # 2 hours of real time
    a_week_before = SPRING_IN_LONDON - dt.timedelta(days=7)
    assert len(search_days(night, LONDON, a_week_before, a_week_before)) == 9


def test_the_autumn_night_in_london_lives_the_repeated_hour_twice() -> None:
    night = [WeeklyHours(6, dt.time(0, 30), dt.time(3, 30))]
    slots = search_days(night, LONDON, AUTUMN_IN_LONDON, AUTUMN_IN_LONDON)
    first = dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 00:30 BST
    assert slots == [first + minutes(15 * n) for n in range(13)]  # until 02:30 GMT
    local = [slot.astimezone(LONDON).strftime("%H:%M") for slot in slots]
    assert local[4:8] == ["01:30", "01:45", "01:00", "01:15"]


def test_hours_wholly_inside_the_missing_hour_are_dropped() -> None:
    missing = [WeeklyHours(6, dt.time(1, 10), dt.time(1, 50))]
    assert working_intervals(missing, LONDON, SPRING_IN_LONDON, SPRING_IN_LONDON) == []
    assert (
        search_days(missing, LONDON, SPRING_IN_LONDON, SPRING_IN_LONDON, duration=minutes(5)) == []
    )


def test_hours_starting_in_the_missing_hour_start_when_it_ends() -> None:
    hours = [WeeklyHours(6, dt.time(1, 30), dt.time(4))]
    [interval] = working_intervals(hours, LONDON, SPRING_IN_LONDON, SPRING_IN_LONDON)
    assert interval.starts == dt.datetime(2026, 3, 29, 1, tzinfo=UTC)  # 02:00 BST
    assert interval.ends == dt.datetime(2026, 3, 29, 3, tzinfo=UTC)  # 04:00 BST


def test_ambiguous_hours_start_at_the_first_and_end_at_the_second_occurrence() -> None:
    hours = [WeeklyHours(6, dt.time(1, 15), dt.time(1, 45))]
    [interval] = working_intervals(hours, LONDON, AUTUMN_IN_LONDON, AUTUMN_IN_LONDON)
    assert interval.starts == dt.datetime(2026, 10, 25, 0, 15, tzinfo=UTC)  # 01:15 BST
    assert interval.ends == dt.datetime(2026, 10, 25, 1, 45, tzinfo=UTC)  # 01:45 GMT


# St John's turned its clocks back at 00:01 in 2010, so Saturday 23:01-00:01 came twice
# and the first Sunday 00:00 fell before the second Saturday 23:30.
ST_JOHNS = ZoneInfo("America/St_Johns")
FIRST_SUNDAY_MIDNIGHT = dt.datetime(2010, 11, 7, 2, 30, tzinfo=UTC)


def st_johns_quarter_hours(hours: list[WeeklyHours], **window: dt.datetime) -> list[dt.datetime]:
    return free_slots(
        hours=hours,
        busy=[],
        duration=minutes(15),
        buffer_after=minutes(0),
        zone=ST_JOHNS,
        now=FIRST_SUNDAY_MIDNIGHT - dt.timedelta(days=1),
        min_notice=minutes(0),
        **window,
    )


def test_local_days_out_of_order_around_a_midnight_change_are_still_searched() -> None:
    saturday_night = [WeeklyHours(5, dt.time(22), dt.time(23, 30))]  # ends at the second 23:30
    later = {
        "window_start": FIRST_SUNDAY_MIDNIGHT,
        "window_end": FIRST_SUNDAY_MIDNIGHT + minutes(60),
    }
    expected = [FIRST_SUNDAY_MIDNIGHT, FIRST_SUNDAY_MIDNIGHT + minutes(15)]
    assert st_johns_quarter_hours(saturday_night, **later) == expected
    sunday_small_hours = [WeeklyHours(6, dt.time(0), dt.time(2))]
    earlier = {  # ends at the second Saturday 23:30
        "window_start": FIRST_SUNDAY_MIDNIGHT - minutes(60),
        "window_end": FIRST_SUNDAY_MIDNIGHT + minutes(30),
    }
    assert st_johns_quarter_hours(sunday_small_hours, **earlier) == expected


MONDAY = dt.date(2026, 3, 2)
MONDAY_NINE_TO_FIVE = [WeeklyHours(0, dt.time(9), dt.time(17))]


def at(hour: int, minute: int = 0, zone: ZoneInfo = LONDON) -> dt.datetime:
    return dt.datetime.combine(MONDAY, dt.time(hour, minute), tzinfo=zone)


def monday(**overrides: Any) -> list[dt.time]:
    slots = search_days(MONDAY_NINE_TO_FIVE, LONDON, MONDAY, MONDAY, **overrides)
    return [slot.astimezone(LONDON).time() for slot in slots]


def test_busy_times_that_only_touch_a_visit_and_its_buffer_do_not_block_it() -> None:
    touching = [Interval(at(9), at(10)), Interval(at(11, 15), at(17))]
    assert monday(busy=touching, buffer_after=minutes(15)) == [dt.time(10)]
    a_minute_too_early = [Interval(at(9), at(10)), Interval(at(11, 14), at(17))]
    assert monday(busy=a_minute_too_early, buffer_after=minutes(15)) == []


def test_the_buffer_may_run_past_the_end_of_working_hours() -> None:
    assert monday(buffer_after=minutes(30))[-1] == dt.time(16)


def test_busy_times_written_in_another_zone_compare_as_instants() -> None:
    # 05:00-11:00 in New York is 10:00-16:00 in London (no daylight saving in either).
    busy = [Interval(at(5, zone=NEW_YORK), at(11, zone=NEW_YORK))]
    assert monday(busy=busy) == [dt.time(9), dt.time(16)]


def test_overlapping_busy_times_are_handled_in_any_order() -> None:
    busy = [Interval(at(13, 30), at(15)), Interval(at(9), at(11)), Interval(at(10), at(12, 30))]
    assert monday(busy=busy, step=minutes(30)) == [
        dt.time(12, 30),
        dt.time(15),
        dt.time(15, 30),
        dt.time(16),
    ]


def test_it_keeps_the_minimum_notice_and_the_horizon() -> None:
    assert monday(now=at(8, 10))[0] == dt.time(10, 15)  # two hours' notice, on the grid
    assert monday(now=at(8), min_notice=minutes(0), horizon=minutes(90)) == [
        dt.time(9),
        dt.time(9, 15),
        dt.time(9, 30),
    ]


def test_notice_is_elapsed_time_even_when_the_clocks_jump() -> None:
    hours = [WeeklyHours(6, dt.time(0), dt.time(23, 45))]
    half_past_midnight = dt.datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)  # GMT
    slots = search_days(hours, LONDON, SPRING_IN_LONDON, SPRING_IN_LONDON, now=half_past_midnight)
    assert slots[0] == dt.datetime(2026, 3, 29, 2, 30, tzinfo=UTC)  # 03:30 BST, two hours on


def test_starts_follow_the_step_from_the_start_of_each_working_interval() -> None:
    split_day = [
        WeeklyHours(0, dt.time(9), dt.time(12)),
        WeeklyHours(0, dt.time(13, 10), dt.time(15)),
    ]
    slots = search_days(split_day, LONDON, MONDAY, MONDAY, step=minutes(40))
    local = [slot.astimezone(LONDON).strftime("%H:%M") for slot in slots]
    assert local == ["09:00", "09:40", "10:20", "11:00", "13:10", "13:50"]


@pytest.mark.parametrize(
    "mistake",
    [
        {"now": dt.datetime(2026, 3, 1, 12)},
        {"busy": [Interval(dt.datetime(2026, 3, 2, 9), dt.datetime(2026, 3, 2, 10))]},
        {"step": minutes(0)},
        {"duration": minutes(0)},
        {"buffer_after": minutes(-5)},
    ],
    ids=["naive now", "naive busy time", "zero step", "zero duration", "negative buffer"],
)
def test_it_refuses_arguments_that_have_no_sensible_answer(mistake: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        monday(**mistake)
