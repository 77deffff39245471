"""Series planning: worked plans of care and the rules of `propose_series` as properties.

Pure code, no database. Free starts come from `free_slots`, tested in test_slots.py.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from easeplan.booking.slots import Interval, WeeklyHours
from easeplan.care.series.rules import ProposedVisit, SeriesProposal, propose_series

pytestmark = pytest.mark.once  # independent of the database

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "UTC"]
CHANGES = {  # the Sundays in 2026 on which the clocks change (any date serves for UTC)
    "Europe/London": [dt.date(2026, 3, 29), dt.date(2026, 10, 25)],
    "America/New_York": [dt.date(2026, 3, 8), dt.date(2026, 11, 1)],
    "Australia/Sydney": [dt.date(2026, 4, 5), dt.date(2026, 10, 4)],
    "UTC": [dt.date(2026, 3, 29), dt.date(2026, 10, 25)],
}
ONE_DAY = dt.timedelta(days=1)
WEEKDAYS = [WeeklyHours(day, dt.time(9), dt.time(17)) for day in range(5)]
EVERY_DAY = [WeeklyHours(day, dt.time(9), dt.time(17)) for day in range(7)]
TUESDAY = dt.date(2026, 3, 3)


def minutes(count: int) -> dt.timedelta:
    return dt.timedelta(minutes=count)


def clock(minute_of_day: int) -> dt.time:
    return dt.time(minute_of_day // 60, minute_of_day % 60)


def london(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def days_off(first: dt.date, last: dt.date) -> Interval:
    return Interval(london(first), london(last + ONE_DAY))


def weekly_plan(**overrides: Any) -> SeriesProposal:
    """Five weekly visits from Tuesday 3 March 2026 at 10:00 in London, each ±2 days."""
    arguments: dict[str, Any] = {
        "first_start": london(TUESDAY, 10),
        "visits": 5,
        "frequency": dt.timedelta(days=7),
        "tolerance": dt.timedelta(days=2),
        "duration": minutes(60),
        "buffer_after": minutes(15),
        "hours": WEEKDAYS,
        "zone": LONDON,
        "busy": [],
        "now": london(TUESDAY - 2 * ONE_DAY, 12),
    }
    return propose_series(**{**arguments, **overrides})


def local(moment: dt.datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(LONDON).strftime("%a %d %b %H:%M")


# -- worked examples -------------------------------------------------------------------


def test_a_free_week_keeps_every_visit_on_the_same_weekday_and_time() -> None:
    plan = weekly_plan()
    assert [local(visit.starts) for visit in plan.visits] == [
        "Tue 03 Mar 10:00",
        "Tue 10 Mar 10:00",
        "Tue 17 Mar 10:00",
        "Tue 24 Mar 10:00",
        "Tue 31 Mar 10:00",  # after the clocks went forward on 29 March
    ]
    assert [visit.number for visit in plan.visits] == [1, 2, 3, 4, 5]
    assert all(visit.same_weekday_and_time and not visit.moved for visit in plan.visits)
    assert all(visit.alternatives == () for visit in plan.visits)
    assert plan.conflicts == ()


def test_a_week_of_time_off_moves_that_visit_to_the_nearest_free_start() -> None:
    plan = weekly_plan(busy=[days_off(dt.date(2026, 3, 16), dt.date(2026, 3, 17))])
    third = plan.visits[2]
    assert local(third.ideal) == "Tue 17 Mar 10:00"
    assert local(third.starts) == "Wed 18 Mar 09:00"  # 23 hours later; Monday is off too
    assert third.moved and not third.same_weekday_and_time
    assert [local(start) for start in third.alternatives] == [
        "Wed 18 Mar 09:15",
        "Wed 18 Mar 09:30",
        "Wed 18 Mar 09:45",
    ]
    # The next visit is a frequency after the one that happened, at the usual time.
    assert [local(visit.starts) for visit in plan.visits[3:]] == [
        "Wed 25 Mar 10:00",
        "Wed 01 Apr 10:00",
    ]
    assert plan.conflicts == ()


def test_preferred_weekdays_come_before_closeness() -> None:
    time_off = [days_off(dt.date(2026, 3, 16), dt.date(2026, 3, 17))]
    thursdays = weekly_plan(busy=time_off, preferred_weekdays={3})
    assert local(thursdays.visits[2].starts) == "Thu 19 Mar 09:00"
    assert local(thursdays.visits[2].alternatives[0]) == "Wed 18 Mar 09:00"


def test_preferred_hours_come_before_closeness() -> None:
    time_off = [days_off(dt.date(2026, 3, 16), dt.date(2026, 3, 17))]
    afternoons = weekly_plan(busy=time_off, preferred_hours=(dt.time(14), dt.time(17)))
    assert local(afternoons.visits[2].starts) == "Wed 18 Mar 14:00"


def test_a_visit_with_nothing_free_in_its_window_is_a_conflict() -> None:
    plan = weekly_plan(busy=[days_off(dt.date(2026, 3, 15), dt.date(2026, 3, 20))])
    third = plan.visits[2]
    assert third.starts is None
    assert third.alternatives == ()
    assert plan.conflicts == (third,)
    # The series carries on from the ideal date of the missing visit.
    assert local(plan.visits[3].starts) == "Tue 24 Mar 10:00"
    assert plan.visits[3].same_weekday_and_time


def test_a_weekly_series_across_the_october_change_keeps_ten_oclock_local() -> None:
    plan = weekly_plan(
        first_start=london(dt.date(2026, 10, 18), 10),
        visits=3,
        hours=EVERY_DAY,
        now=london(dt.date(2026, 10, 1)),
    )
    starts = [visit.starts for visit in plan.visits]
    assert [local(start) for start in starts] == [
        "Sun 18 Oct 10:00",
        "Sun 25 Oct 10:00",  # the day the clocks go back
        "Sun 01 Nov 10:00",
    ]
    # 10:00 BST, then 10:00 GMT (the clocks went back at 02:00): 7 days and an hour apart.
    assert [start.hour for start in starts if start is not None] == [9, 10, 10]  # UTC
    assert all(visit.same_weekday_and_time for visit in plan.visits)


def test_visits_of_the_series_never_overlap_each_other() -> None:
    plan = weekly_plan(frequency=minutes(30), tolerance=minutes(120), visits=3)
    assert [local(visit.starts) for visit in plan.visits] == [
        "Tue 03 Mar 10:00",
        "Tue 03 Mar 11:15",  # after the first visit and its buffer
        "Tue 03 Mar 12:30",
    ]


@pytest.mark.parametrize(
    "mistake",
    [
        {"first_start": dt.datetime(2026, 3, 3, 10)},
        {"visits": 0},
        {"frequency": minutes(0)},
        {"tolerance": minutes(-1)},
        {"duration": minutes(0)},
    ],
    ids=["naive first start", "no visits", "zero frequency", "negative tolerance", "no duration"],
)
def test_it_refuses_arguments_that_have_no_sensible_answer(mistake: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        weekly_plan(**mistake)


# -- generated series ------------------------------------------------------------------


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    starts = draw(st.integers(6 * 4, 12 * 4)) * 15
    ends = draw(st.integers(12 * 4, 21 * 4)) * 15
    return WeeklyHours(draw(st.integers(0, 6)), clock(starts), clock(ends))


@st.composite
def busy_intervals(draw: st.DrawFn, around: dt.datetime) -> Interval:
    """Appointments and time off (up to three days) over the weeks of the series."""
    starts = around + minutes(draw(st.integers(-2 * 1440, 45 * 1440)))
    ends = starts + minutes(draw(st.integers(15, 600) | st.integers(600, 3 * 1440)))
    return Interval(starts, ends)


@st.composite
def series_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for `propose_series`: a series running over a clock change."""
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    first_day = draw(st.sampled_from(CHANGES[zone.key])) + ONE_DAY * draw(st.integers(-21, 7))
    wanted = clock(draw(st.integers(8 * 4, 18 * 4)) * 15)  # daytime: never in a gap
    first_start = dt.datetime.combine(first_day, wanted, tzinfo=zone)
    since = draw(st.integers(6 * 60, 14 * 60))
    preferred_hours = (clock(since), clock(since + draw(st.integers(60, 6 * 60))))
    return {
        "first_start": first_start,
        "visits": draw(st.integers(1, 6)),
        "frequency": ONE_DAY * draw(st.integers(1, 14)),
        "tolerance": dt.timedelta(hours=draw(st.integers(0, 72))),
        "duration": minutes(draw(st.sampled_from([30, 45, 60, 90]))),
        "buffer_after": minutes(draw(st.sampled_from([0, 10, 15, 30]))),
        "hours": draw(st.lists(weekly_hours(), min_size=1, max_size=7)),
        "zone": zone,
        "busy": draw(st.lists(busy_intervals(first_start), max_size=15)),
        "now": first_start - minutes(draw(st.integers(-1440, 14 * 1440))),
        "preferred_weekdays": draw(st.sets(st.integers(0, 6), max_size=3)),
        "preferred_hours": draw(st.none() | st.just(preferred_hours)),
        "min_notice": minutes(draw(st.integers(0, 24 * 60))),
        "horizon": ONE_DAY * draw(st.just(120) | st.integers(7, 60)),
        "step": minutes(draw(st.sampled_from([15, 30, 60]))),
    }


def proposed(visits: tuple[ProposedVisit, ...]) -> list[dt.datetime]:
    return [visit.starts for visit in visits if visit.starts is not None]


def readings(day: dt.date, wall: dt.time, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The earliest and latest instant a local wall-clock time can mean on a day."""
    both = [dt.datetime.combine(day, wall, tzinfo=zone).replace(fold=f) for f in (0, 1)]
    instants = sorted(moment.astimezone(UTC) for moment in both)
    return instants[0], instants[1]


PROPERTIES = settings(max_examples=60, deadline=None)


@PROPERTIES
@given(request=series_requests())
def test_there_is_one_entry_per_visit_in_order(request: dict[str, Any]) -> None:
    plan = propose_series(**request)
    assert [visit.number for visit in plan.visits] == list(range(1, request["visits"] + 1))
    assert plan.visits[0].ideal == request["first_start"]
    assert plan.conflicts == tuple(visit for visit in plan.visits if visit.starts is None)


@PROPERTIES
@given(request=series_requests())
def test_visits_never_overlap_busy_times_or_each_other(request: dict[str, Any]) -> None:
    kept = request["duration"] + request["buffer_after"]
    starts = proposed(propose_series(**request).visits)
    for start in starts:
        for busy in request["busy"]:
            assert start + kept <= busy.starts or busy.ends <= start
    for earlier, later in pairwise(starts):
        assert earlier + kept <= later


@PROPERTIES
@given(request=series_requests())
def test_every_visit_lies_inside_the_working_hours_of_its_local_day(
    request: dict[str, Any],
) -> None:
    zone = request["zone"]
    for start in proposed(propose_series(**request).visits):
        day = start.astimezone(zone).date()
        assert any(
            weekly.weekday == day.weekday()
            and readings(day, weekly.starts, zone)[0] <= start
            and start + request["duration"] <= readings(day, weekly.ends, zone)[1]
            for weekly in request["hours"]
        )


@PROPERTIES
@given(request=series_requests())
def test_each_visit_lies_within_its_frequency_window_of_the_previous_one(
    request: dict[str, Any],
) -> None:
    zone = request["zone"]
    wanted = request["first_start"].time()
    visits = propose_series(**request).visits
    for previous, visit in pairwise(visits):
        previous_day = (previous.starts or previous.ideal).astimezone(zone).date()
        ideal = visit.ideal.astimezone(zone)
        assert ideal.replace(tzinfo=None) == dt.datetime.combine(
            previous_day + request["frequency"], wanted
        )
    for visit in visits:
        if visit.starts is not None:  # an hour either way for a clock change in between
            assert abs(visit.starts - visit.ideal) <= request["tolerance"] + dt.timedelta(hours=1)


@PROPERTIES
@given(request=series_requests())
def test_alternatives_are_the_nearest_other_free_starts(request: dict[str, Any]) -> None:
    for visit in propose_series(**request).visits:
        if not visit.moved or visit.starts is None:
            assert visit.alternatives == ()
            continue
        assert len(visit.alternatives) <= 3
        assert visit.starts not in visit.alternatives
        distances = [abs(start - visit.ideal) for start in visit.alternatives]
        assert distances == sorted(distances)
        assert visit.same_weekday_and_time is (
            visit.starts.astimezone(request["zone"]).weekday() == request["first_start"].weekday()
            and visit.starts.astimezone(request["zone"]).time() == request["first_start"].time()
        )


@PROPERTIES
@given(request=series_requests())
def test_the_same_request_always_gets_the_same_plan(request: dict[str, Any]) -> None:
    plan = propose_series(**request)
    assert propose_series(**request) == plan
    assert propose_series(**{**request, "busy": request["busy"][::-1]}) == plan
