"""Drifting off a plan: worked examples, the daylight-saving edge and the rules as properties.

Pure code, no database.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from easeplan.care.nudges.rules import (
    NUDGE_EVERY,
    PlanShape,
    Reason,
    Visit,
    VisitStatus,
    abandoned_because,
    default_tolerance,
    drift,
    may_nudge,
    nearest,
)

pytestmark = pytest.mark.once  # independent of the database

LONDON = ZoneInfo("Europe/London")
BOOKED, COMPLETED = VisitStatus.BOOKED, VisitStatus.COMPLETED
CANCELLED, NO_SHOW = VisitStatus.CANCELLED, VisitStatus.NO_SHOW
# A weekly plan of 5 visits from Tuesday 1 December 2026, tolerance 2 days.
PLAN = PlanShape(visits_planned=5, frequency_days=7, starts_on=dt.date(2026, 12, 1), zone=LONDON)


def at(day: int, hour: int = 10, month: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def visit(starts: dt.datetime, status: VisitStatus = COMPLETED, **kwargs: object) -> Visit:
    kwargs.setdefault("booked_at", at(20, month=11))
    return Visit(ref=f"v{starts:%m%d%H}", starts=starts, status=status, **kwargs)  # type: ignore[arg-type]


def test_the_tolerance_is_about_a_third_of_the_interval() -> None:
    assert [default_tolerance(d) for d in (1, 3, 7, 14, 28)] == [1, 1, 2, 5, 7]
    assert PLAN.tolerance == 2


def test_a_missed_visit_with_nothing_booked_since_is_drift_and_tomorrow_is_offered() -> None:
    visits = [visit(at(1)), visit(at(8), NO_SHOW)]
    found = drift(PLAN, visits, at(9, 8))  # Wednesday morning
    assert found is not None
    assert found.reason is Reason.MISSED
    assert found.visit == visits[1]
    assert found.since == at(8)
    # The missed Tuesday is gone: the earliest ideal day is tomorrow, at the usual 10:00.
    assert (found.next_on, found.next_at) == (dt.date(2026, 12, 10), at(10))
    assert found.attended == 1
    assert found.summary == "Missed the visit on Tue 8 Dec; not rebooked"


def test_a_missed_visit_then_a_new_booking_is_not_drift() -> None:
    visits = [
        visit(at(1)),
        visit(at(8), NO_SHOW),
        visit(at(11), BOOKED, booked_at=at(9, 9)),
    ]
    assert drift(PLAN, visits, at(9, 12)) is None


def test_a_missed_visit_of_a_series_booked_in_one_go_is_drift_until_made_good() -> None:
    # All five visits were booked together on 20 November; the second is missed.
    series = [visit(at(d), BOOKED) for d in (1, 8, 15, 22, 29)]
    series[1] = visit(at(8), NO_SHOW)
    found = drift(PLAN, series, at(8, 14))
    assert found is not None and found.reason is Reason.MISSED
    # Made good: a replacement booked after the miss, or the client came to the next one.
    rebooked = [*series, visit(at(10), BOOKED, booked_at=at(8, 15))]
    assert drift(PLAN, rebooked, at(8, 16)) is None
    assert drift(PLAN, series, at(15, 12)) is None


def test_a_miss_is_no_drift_while_the_visits_booked_still_cover_the_plan() -> None:
    spare = [visit(at(d), BOOKED) for d in (1, 8, 15, 22, 29)] + [visit(at(30), BOOKED)]
    spare[0] = visit(at(1), NO_SHOW)  # six booked for a plan of five: one miss is covered
    assert drift(PLAN, spare, at(2)) is None


def test_a_cancelled_visit_without_a_new_time_is_drift_from_the_moment_it_was_cancelled() -> None:
    visits = [visit(at(1)), visit(at(8), CANCELLED, cancelled_at=at(6, 19))]
    found = drift(PLAN, visits, at(7, 8))
    assert found is not None
    assert (found.reason, found.since) == (Reason.CANCELLED, at(6, 19))
    # The cancelled Tuesday is still ahead, so that is the day to aim for.
    assert found.next_on == dt.date(2026, 12, 8)
    assert found.summary == "Visit on Tue 8 Dec was cancelled on Sun 6 Dec; no new time booked"


def test_a_cancelled_visit_replaced_by_an_earlier_time_that_took_place_is_not_drift() -> None:
    visits = [
        visit(at(1)),
        visit(at(10), CANCELLED, cancelled_at=at(6, 19)),
        visit(at(8), COMPLETED, booked_at=at(6, 19, minute=5)),
    ]
    # On plan until the next visit is due (Tuesday 15th) plus the tolerance.
    assert drift(PLAN, visits, at(17, 23)) is None
    found = drift(PLAN, visits, at(18, 0))
    assert found is not None and found.reason is Reason.UNBOOKED


def test_an_older_miss_is_resolved_by_a_later_visit() -> None:
    visits = [visit(at(1), NO_SHOW), visit(at(3))]
    assert drift(PLAN, visits, at(4)) is None


def test_the_next_visit_not_booked_in_time_is_drift_after_the_tolerance() -> None:
    visits = [visit(at(1, 17, minute=30))]
    # Due Tuesday 8th; two days' grace; drifting from Friday 11th, 00:00 local time.
    assert drift(PLAN, visits, at(10, 23, minute=59)) is None
    found = drift(PLAN, visits, at(11, 0))
    assert found is not None
    assert (found.reason, found.since, found.visit) == (Reason.UNBOOKED, at(11, 0), visits[0])
    assert found.next_at == at(12, 17, minute=30)  # tomorrow, at the client's usual time
    assert found.summary == "Last visit Tue 1 Dec; next visit overdue and not booked"


def test_an_unbooked_first_visit_counts_from_the_plan_start() -> None:
    found = drift(PLAN, [], at(4))
    assert found is not None
    assert (found.reason, found.visit, found.next_at) == (Reason.UNBOOKED, None, at(5, 10))
    assert found.summary == "The plan's first visit is not booked"
    assert drift(PLAN, [], at(3, 23)) is None


def test_a_past_visit_not_marked_counts_as_taken_place() -> None:
    visits = [visit(at(1), BOOKED)]
    assert drift(PLAN, visits, at(5)) is None


def test_a_finished_plan_never_drifts_nor_is_abandoned() -> None:
    visits = [visit(at(1 + 7 * i, month=11)) for i in range(5)] + [visit(at(1), NO_SHOW)]
    assert drift(PLAN, visits, at(28)) is None
    assert abandoned_because(PLAN, visits, at(28, month=12) + dt.timedelta(days=90)) is None


def test_a_plan_is_abandoned_after_the_configured_quiet_days() -> None:
    visits = [visit(at(1)), visit(at(8), NO_SHOW)]
    shape = PlanShape(5, 7, dt.date(2026, 12, 1), LONDON, abandoned_after_days=42)
    jan_12 = dt.datetime(2027, 1, 12, 0, tzinfo=LONDON)
    assert abandoned_because(shape, visits, jan_12 - dt.timedelta(minutes=1)) is None
    assert abandoned_because(shape, visits, jan_12) == (
        "No visit for 42 days since the last visit on 1 December 2026, and nothing booked."
    )
    assert abandoned_because(shape, [], jan_12) == (
        "No visit for 42 days since the plan started on 1 December 2026, and nothing booked."
    )


def test_a_plan_with_a_visit_booked_is_never_abandoned() -> None:
    later = dt.datetime(2027, 6, 1, 10, tzinfo=LONDON)
    visits = [visit(at(1)), visit(later + dt.timedelta(days=1), BOOKED)]
    assert abandoned_because(PLAN, visits, later) is None


def test_drift_turns_on_at_local_midnight_across_the_october_clock_change() -> None:
    # Clocks go back in London at 02:00 BST on Sunday 25 October 2026.
    shape = PlanShape(5, 7, dt.date(2026, 10, 1), LONDON, tolerance_days=0)
    last = visit(dt.datetime(2026, 10, 17, 9, tzinfo=LONDON))  # Saturday, 08:00 UTC
    # Due Saturday 24th; with no grace, drifting from Sunday 25th 00:00 BST = 23:00 UTC on
    # the 24th. A UTC calendar would wait an hour longer.
    turn = dt.datetime(2026, 10, 24, 23, tzinfo=dt.UTC)
    assert drift(shape, [last], turn - dt.timedelta(seconds=1)) is None
    found = drift(shape, [last], turn + dt.timedelta(minutes=30))
    assert found is not None and found.since == turn
    # The usual 09:00 is kept in wall-clock time after the change: 09:00 GMT is 09:00 UTC.
    assert found.next_at == dt.datetime(2026, 10, 26, 9, tzinfo=dt.UTC)


def test_may_nudge_once_a_week_and_never_after_opting_out() -> None:
    now = at(10)
    assert may_nudge(None, False, now)
    assert not may_nudge(None, True, now)
    assert not may_nudge(now - NUDGE_EVERY + dt.timedelta(seconds=1), False, now)
    assert may_nudge(now - NUDGE_EVERY, False, now)


def test_nearest_prefers_the_closest_and_the_earlier_on_a_tie() -> None:
    target = at(10)
    assert nearest([at(9), at(11), at(10, 12)], target) == at(10, 12)
    assert nearest([at(9), at(11)], target) == at(9)
    assert nearest([], target) is None


# ---- properties -------------------------------------------------------------------------

START = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
STATUSES = st.sampled_from(list(VisitStatus))


@st.composite
def visits_strategy(draw: st.DrawFn) -> list[Visit]:
    found = []
    for index in range(draw(st.integers(0, 8))):
        starts = START + dt.timedelta(hours=draw(st.integers(0, 24 * 120)))
        booked_at = starts - dt.timedelta(hours=draw(st.integers(1, 24 * 30)))
        status = draw(STATUSES)
        cancelled_at = None
        if status is CANCELLED:
            cancelled_at = booked_at + dt.timedelta(hours=draw(st.integers(0, 24 * 40)))
        found.append(Visit(f"v{index}", starts, status, booked_at, cancelled_at))
    return found


shapes = st.builds(
    PlanShape,
    visits_planned=st.integers(1, 8),
    frequency_days=st.integers(1, 28),
    starts_on=st.dates(dt.date(2026, 8, 1), dt.date(2026, 12, 1)),
    zone=st.sampled_from([LONDON, ZoneInfo("America/New_York"), dt.UTC]),
    tolerance_days=st.none() | st.integers(0, 7),
    abandoned_after_days=st.integers(7, 90),
)
nows = st.integers(0, 24 * 180).map(lambda h: START + dt.timedelta(hours=h))


@settings(max_examples=300)
@given(shapes, visits_strategy(), nows, st.integers(1, 24 * 60))
def test_never_drifting_nor_abandoned_when_a_visit_is_booked_after_every_miss(
    shape: PlanShape, visits: list[Visit], now: dt.datetime, ahead: int
) -> None:
    upcoming = Visit("next", now + dt.timedelta(hours=ahead), BOOKED, now)
    assert drift(shape, [*visits, upcoming], now) is None
    assert abandoned_because(shape, [*visits, upcoming], now) is None


@settings(max_examples=300)
@given(shapes, visits_strategy(), nows)
def test_drift_is_explained_and_points_to_a_day_after_today(
    shape: PlanShape, visits: list[Visit], now: dt.datetime
) -> None:
    found = drift(shape, visits, now)
    if found is None:
        return
    assert found.since <= now
    assert found.next_on > now.astimezone(shape.zone).date()
    assert found.next_at.astimezone(shape.zone).date() == found.next_on
    assert found.summary
    if found.reason is not Reason.UNBOOKED:
        assert found.visit is not None
        assert found.visit.status is (NO_SHOW if found.reason is Reason.MISSED else CANCELLED)


@settings(max_examples=300)
@given(
    st.lists(
        st.tuples(st.integers(1, 24 * 10), st.booleans(), st.booleans()), min_size=1, max_size=60
    )
)
def test_at_most_one_nudge_in_any_seven_days_whatever_happens(
    events: list[tuple[int, bool, bool]],
) -> None:
    """Runs at random moments, drifting or not, opting out and back in: nudges sent by the
    rule are never closer than 7 days."""
    now = START
    sent: list[dt.datetime] = []
    for gap_hours, drifting, opted_out in events:
        now += dt.timedelta(hours=gap_hours)
        if drifting and may_nudge(sent[-1] if sent else None, opted_out, now):
            sent.append(now)
    assert all(later - earlier >= NUDGE_EVERY for earlier, later in pairwise(sent))


def test_an_earlier_visit_recorded_after_a_miss_does_not_replace_it() -> None:
    # Entered (booked_at) after the miss, but for a time before it: not a replacement.
    visits = [visit(at(1), booked_at=at(9, 9)), visit(at(8), NO_SHOW)]
    found = drift(PLAN, visits, at(9, 12))
    assert found is not None and found.reason is Reason.MISSED
