"""A plan's progress: every response rescored, baseline to latest, verdicts in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from easeplan.booking.models import Appointment
from easeplan.outcomes.models import Response
from easeplan.outcomes.progress import services as progress

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory
from ..progress_helpers import check_in, pain

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World):  # type: ignore[no-untyped-def]
    return PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        goals=["Sit through a film", "Run 5 km"],
    )


def measure(found: progress.Progress, code: str) -> progress.Measure:
    return next(m for m in found.measures if m.code == code)


def test_sitting_pain_from_7_to_3_is_a_meaningful_change(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 3 * WEEK, pain(7))
    check_in(plan, NOW - 2 * WEEK, pain(5))
    check_in(plan, NOW - WEEK, pain(3))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert [p.value for p in sitting.points] == [7, 5, 3]
    assert (
        sitting.sentence == "Your sitting pain is down from 7 to 3 — that is a meaningful change."
    )
    assert sitting.verdict == "7 → 3: meaningful improvement (at least 2 points)."


def test_a_one_point_drop_is_not_yet_meaningful(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 2 * WEEK, pain(8))
    check_in(plan, NOW - WEEK, pain(7))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert (
        sitting.sentence == "Your sitting pain is down from 8 to 7 — not yet a meaningful change."
    )
    assert sitting.verdict == "8 → 7: better, below the meaningful change."


def test_a_rise_of_2_points_is_a_meaningful_worsening(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 2 * WEEK, pain(3))
    check_in(plan, NOW - WEEK, pain(5))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert sitting.verdict == "3 → 5: meaningful worsening (at least 2 points)."
    assert sitting.sentence.endswith("that is a meaningful change for the worse.")


def test_sleep_shows_the_trend_only(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 2 * WEEK, {"sleep": {"sleep": 8}})
    check_in(plan, NOW - WEEK, {"sleep": {"sleep": 2}})

    sleep = measure(progress.for_plan(plan), "sleep")

    assert sleep.change is not None and sleep.change.meaningful is None
    assert sleep.sentence == "Your sleep is better (8 then 2)."
    assert sleep.verdict == "8 → 2: better (trend only, no validated threshold)."


def test_the_score_is_recomputed_not_read_from_the_stored_decimal(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 2 * WEEK, pain(7), stored=Decimal("1.000"))
    check_in(plan, NOW - WEEK, pain(3), stored=Decimal("9.000"))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert [p.shown for p in sitting.points] == ["7", "3"]


def test_the_psfs_is_rebuilt_from_the_activities_as_asked(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"sit-through-a-film": 3, "run-5-km": 4}})
    plan.goals = ["Sit through a film", "Run 5 km", "Climb the stairs at work"]
    plan.save(update_fields=["goals"])
    check_in(
        plan,
        NOW - WEEK,
        {"psfs": {"sit-through-a-film": 6, "run-5-km": 5, "climb-the-stairs-at-work": 7}},
    )

    psfs = measure(progress.for_plan(plan), "psfs")

    assert [p.value for p in psfs.points] == [Fraction(7, 2), Fraction(6)]
    assert [p.shown for p in psfs.points] == ["3.5", "6.0"]
    # Like for like: the stairs were not rated at the start, so film 3 → 6 and run 4 → 5.
    assert psfs.verdict == (
        "3.5 → 5.5: meaningful improvement (at least 2 points). Compared like for like on "
        "“Run 5 km”, “Sit through a film”, each from its first rating."
    )


def with_goals(plan, goals: list[str]):  # type: ignore[no-untyped-def]
    plan.goals = goals
    plan.save(update_fields=["goals"])
    return plan


def slugs(goals: list[str], rating: int) -> dict[str, int]:
    return {"-".join(goal.casefold().split()): rating for goal in goals}


def test_entirely_new_activities_give_no_psfs_verdict_and_say_why(plan) -> None:  # type: ignore[no-untyped-def]
    first = ["Sitting 30 min", "Running 5 km", "Stairs"]
    later = ["Driving 1 hour", "Gardening", "Cycling"]
    check_in(with_goals(plan, first), NOW - 2 * WEEK, {"psfs": slugs(first, 2)})
    check_in(with_goals(plan, later), NOW - WEEK, {"psfs": slugs(later, 5)})

    psfs = measure(progress.for_plan(plan), "psfs")

    assert [p.shown for p in psfs.points] == ["2.0", "5.0"]  # the chart still shows both
    assert psfs.change is None
    assert "meaningful" not in psfs.verdict
    assert psfs.verdict == (
        "No verdict: no activity was rated both at the start and at the latest check-in, "
        "and the PSFS compares the same activities."
    )
    assert psfs.sentence == (
        "Your activities score: 5.0 now. The activities you rated have changed since the "
        "start, so there is no change to compare yet."
    )


def test_an_activity_added_later_is_compared_with_its_own_first_rating(plan) -> None:  # type: ignore[no-untyped-def]
    goals = ["Sit through a film", "Run 5 km"]
    more = [*goals, "Garden"]
    check_in(plan, NOW - 3 * WEEK, {"psfs": slugs(goals, 4)})
    check_in(with_goals(plan, more), NOW - 2 * WEEK, {"psfs": {**slugs(goals, 4), "garden": 1}})
    check_in(plan, NOW - WEEK, {"psfs": {**slugs(goals, 4), "garden": 4}})

    psfs = measure(progress.for_plan(plan), "psfs")

    # (4 + 4 + 1) / 3 = 3 → (4 + 4 + 4) / 3 = 4; the garden moved 3 from its own baseline.
    assert psfs.verdict == (
        "3.0 → 4.0: meaningful improvement (at least 3 points on “Garden”). Compared like for "
        "like on “Garden”, “Run 5 km”, “Sit through a film”, each from its first rating."
    )


def test_baseline_is_the_first_scored_response(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 3 * WEEK, {"psfs": {}}, stored=None)  # nothing answered: no score
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"sit-through-a-film": 2, "run-5-km": 2}})
    check_in(plan, NOW - WEEK, {"psfs": {"sit-through-a-film": 3, "run-5-km": 2}})

    psfs = measure(progress.for_plan(plan), "psfs")

    assert psfs.left_out == 1
    assert [p.shown for p in psfs.points] == ["2.0", "2.5"]
    assert psfs.verdict == "2.0 → 2.5: better, below the meaningful change."


def test_responses_of_another_version_are_left_out(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - 3 * WEEK, pain(9))
    Response.objects.filter(collected_at=NOW - 3 * WEEK).update(version="2020-01")
    check_in(plan, NOW - 2 * WEEK, pain(6))
    check_in(plan, NOW - WEEK, pain(5))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert sitting.left_out == 1
    assert sitting.verdict == "6 → 5: better, below the meaningful change."


def test_one_score_has_no_change_yet(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - WEEK, pain(6))

    sitting = measure(progress.for_plan(plan), "nprs-sitting")

    assert sitting.change is None
    assert sitting.sentence == "Your sitting pain: 6 at your first check-in."
    assert sitting.verdict == "One score so far: no change to judge yet."


def test_a_plan_without_check_ins_is_empty(plan) -> None:  # type: ignore[no-untyped-def]
    assert progress.for_plan(plan).empty


def test_visits_marked_are_those_that_took_place(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    def visit(at: dt.datetime, **extra) -> Appointment:  # type: ignore[no-untyped-def]
        return AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=at,
            **extra,
        )

    attended = visit(NOW - 2 * WEEK)
    visit(NOW - WEEK, status=Appointment.Status.CANCELLED)
    visit(NOW - WEEK + dt.timedelta(days=1), status=Appointment.Status.NO_SHOW)
    visit(NOW + WEEK)  # not yet

    assert progress.for_plan(plan).visits == [attended.starts_at]


def test_rows_are_one_per_check_in_in_time_order(plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - WEEK, pain(3, now=2))
    check_in(plan, NOW - 2 * WEEK, {"nprs-now": {"nprs-now": 6}})
    found = progress.for_plan(plan)

    rows = found.rows(found.only(["nprs-now", "nprs-sitting"]))

    assert rows == [(NOW - 2 * WEEK, ["6", ""]), (NOW - WEEK, ["2", "3"])]


def test_chart_days_are_in_the_practice_zone(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    # 23:30 UTC on 31 Oct 2026 is already 1 Nov in a zone east of UTC; London is on GMT
    # after the clocks went back on 25 Oct, so it stays 31 Oct there.
    late = dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC)
    check_in(plan, late, pain(5))
    found = progress.for_plan(plan)

    assert measure(found, "nprs-sitting").points[0].day == late.astimezone(found.zone).date()
    data = progress.chart_data(found, found.only(["nprs-sitting"]))
    day = (late.astimezone(found.zone).date() - dt.date(1970, 1, 1)).days
    assert data["lines"][0]["points"] == [{"x": day, "y": 5.0, "shown": "5"}]
    assert (data["min"], data["max"]) == (0, 10)


@pytest.mark.parametrize("check_ins", [1, 10])
def test_it_runs_two_queries_whatever_the_number_of_check_ins(plan, check_ins: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(check_ins):
        check_in(plan, NOW - (n + 1) * dt.timedelta(days=3), pain(n % 11, now=5))

    with CaptureQueriesContext(connection) as queries:
        found = progress.for_plan(plan)

    assert len(queries) == 2
    assert len(measure(found, "nprs-sitting").points) == check_ins


def test_a_client_without_a_plan_has_their_own_check_ins_only(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - WEEK, pain(6))
    loose = check_in(plan, NOW - 2 * WEEK, pain(8))
    Response.objects.filter(checkin=loose).update(plan=None)

    found = progress.for_client(world.client)

    assert [p.shown for p in measure(found, "nprs-sitting").points] == ["8"]
