"""The outcomes dashboard's figures from hand-built practices with known numbers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from easeplan.booking.models import Appointment
from easeplan.outcomes.dashboard import services as dashboard
from easeplan.outcomes.models import Response
from easeplan.outcomes.rates import Month, Rate, Who

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory, TherapistFactory
from ..progress_helpers import check_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
NOVEMBER, OCTOBER = Month(2026, 11), Month(2026, 10)


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# -- builders (also used by test_dashboard_views.py) -----------------------------------------


def a_plan(practice, therapist=None, status="active", closed_at=None, **fields):  # type: ignore[no-untyped-def]
    """A plan of a new client of `practice` (so any number may be active at once)."""
    return PlanOfCareFactory(
        practice=practice, therapist=therapist, status=status, closed_at=closed_at, **fields
    )


def closed(practice, status, at, therapist=None, **fields):  # type: ignore[no-untyped-def]
    return a_plan(practice, therapist, status=status, closed_at=at, **fields)


def visit(plan, at, status=Appointment.Status.COMPLETED, service=None):  # type: ignore[no-untyped-def]
    """A visit of `plan` at `at`, each with its own therapist so that visits at the same
    time never overlap (PostgreSQL refuses that); the plan's therapist is the one counted."""
    extra = {"service": service} if service is not None else {}
    return AppointmentFactory(
        practice=plan.practice,
        therapist=TherapistFactory(practice=plan.practice),
        client=plan.client,
        plan=plan,
        starts_at=at,
        status=status,
        **extra,
    )


def pain_course(plan, *ratings: int, start=NOW - 60 * DAY):  # type: ignore[no-untyped-def]
    """Weekly "pain now" ratings of `plan`, the first at `start`."""
    for week, rating in enumerate(ratings):
        check_in(plan, start + week * 7 * DAY, {"nprs-now": {"nprs-now": rating}})


def a_course(practice, therapist, at, *, pain=(7, 3), status="completed"):  # type: ignore[no-untyped-def]
    """A plan closed at `at` with pain ratings before it."""
    plan = closed(practice, status, at, therapist)
    pain_course(plan, *pain, start=at - 30 * DAY)
    return plan


def board(world: World) -> dashboard.Dashboard:
    return dashboard.for_practice(world.practice, timezone.now())


def month_row(found: dashboard.Dashboard, month: Month):  # type: ignore[no-untyped-def]
    return dict(found.months)[month]


def therapist_row(found: dashboard.Dashboard, therapist):  # type: ignore[no-untyped-def]
    return dict(found.therapists)[Who(therapist.display_name, therapist.code)]


# -- active plans and completion -------------------------------------------------------------


def test_three_completed_or_discharged_and_one_abandoned_is_75_percent(world: World) -> None:
    for status in ("completed", "completed", "discharged", "abandoned"):
        closed(world.practice, status, NOW - 5 * DAY, world.therapist)
    closed(world.practice, "completed", NOW - 400 * DAY, world.therapist)  # before the period

    found = board(world)

    assert found.headline.completion == Rate(3, 4)
    assert found.headline.completion.shown == "75%"
    assert month_row(found, NOVEMBER).completion.shown == "75%"
    assert month_row(found, OCTOBER).completion.shown == "—"
    assert [m.iso for m, _ in found.months][:2] == ["2026-11", "2026-10"]
    assert len(found.months) == 12 and found.first_month == Month(2025, 12)


def test_active_plans_are_counted_now_with_paused_alongside(world: World) -> None:
    for status in ("active", "active", "paused", "proposed"):
        a_plan(world.practice, world.therapist, status=status)

    found = board(world)

    assert (found.headline.active, found.headline.paused) == (2, 1)
    assert (therapist_row(found, world.therapist).active, found.headline.closed) == (2, 0)


# -- meaningful change ----------------------------------------------------------------------


def test_pain_7_to_3_is_meaningful_and_5_to_4_is_not(world: World) -> None:
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(7, 5, 3))
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(5, 4))
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(6,))  # one rating
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(8, 2), status="abandoned")

    found = board(world)

    assert found.headline.pain == Rate(1, 2)  # 1 of 2 improved, 2 of 3 finished measured
    assert (found.headline.pain.shown, found.headline.finished) == ("50%", 3)
    assert found.headline.function.shown == "—"


def test_only_the_first_and_last_rating_of_the_current_version_count(world: World) -> None:
    plan = a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(4, 9, 3))
    old = Response.objects.filter(plan=plan).order_by("collected_at").first()
    Response.objects.filter(pk=old.pk).update(version="2001-01")  # 4 → 3 is left: 9 → 3

    assert board(world).headline.pain == Rate(1, 1)


def test_function_uses_the_psfs_with_its_one_activity_rule(world: World) -> None:
    plan = closed(world.practice, "discharged", NOW - 2 * DAY, world.therapist)
    items = {"sit-through-a-film": 2, "run-5-km": 5}
    check_in(plan, NOW - 30 * DAY, {"psfs": items})
    # The mean moves 1.5 (below 2) but sitting through a film moves 3: meaningful.
    check_in(plan, NOW - 9 * DAY, {"psfs": {"sit-through-a-film": 5, "run-5-km": 5}})
    flat = closed(world.practice, "completed", NOW - 2 * DAY, world.therapist)
    check_in(flat, NOW - 30 * DAY, {"psfs": items})
    check_in(flat, NOW - 9 * DAY, {"psfs": {"sit-through-a-film": 3, "run-5-km": 6}})

    assert board(world).headline.function == Rate(1, 2)


def psfs_with(plan, goals: list[str], at: dt.datetime, rating: int) -> None:  # type: ignore[no-untyped-def]
    """A PSFS check-in of `plan` at `at` rating each of `goals` (now the plan's) `rating`."""
    plan.goals = goals
    plan.save(update_fields=["goals"])
    check_in(plan, at, {"psfs": {"-".join(g.casefold().split()): rating for g in goals}})


def test_function_compares_the_psfs_like_for_like(world: World) -> None:
    apart = closed(world.practice, "completed", NOW - 2 * DAY, world.therapist)
    psfs_with(apart, ["Sitting 30 min", "Running 5 km", "Stairs"], NOW - 30 * DAY, 2)
    psfs_with(apart, ["Driving 1 hour", "Gardening", "Cycling"], NOW - 9 * DAY, 5)
    added = closed(world.practice, "discharged", NOW - 2 * DAY, world.therapist)
    psfs_with(added, ["Sitting 30 min"], NOW - 30 * DAY, 4)
    psfs_with(added, ["Sitting 30 min", "Gardening"], NOW - 20 * DAY, 1)  # sitting 4 → 1
    psfs_with(added, ["Sitting 30 min", "Gardening"], NOW - 9 * DAY, 5)  # gardening 1 → 5

    found = board(world).headline.function

    # No activity in common: not measured (the means 2 → 5 would have said "meaningful").
    # Sitting 4 → 5 and gardening from its own first rating 1 → 5: meaningful.
    assert found == Rate(1, 1)


def test_function_falls_back_to_the_rmdq_without_two_psfs_scores(world: World) -> None:
    plan = closed(world.practice, "completed", NOW - 2 * DAY, world.therapist, goals=[])
    yes = {f"q{n}": 1 for n in range(1, 25)}
    check_in(plan, NOW - 30 * DAY, {"rmdq-24": {**yes, **{f"q{n}": 0 for n in range(1, 15)}}})
    check_in(plan, NOW - 9 * DAY, {"rmdq-24": {**yes, **{f"q{n}": 0 for n in range(1, 20)}}})

    assert board(world).headline.function == Rate(1, 1)  # 10 → 5: 5 points


def test_an_unscored_first_rating_is_skipped_not_compared(world: World) -> None:
    plan = closed(world.practice, "completed", NOW - 2 * DAY, world.therapist)
    check_in(plan, NOW - 40 * DAY, {"nprs-now": {"nprs-now": None}})  # skipped: no score
    pain_course(plan, 7, 3, start=NOW - 30 * DAY)

    assert board(world).headline.pain == Rate(1, 1)  # 7 → 3


# -- drop-off after the first visit ---------------------------------------------------------


def test_one_visit_20_days_ago_and_nothing_booked_is_a_drop_off(world: World) -> None:
    gone = a_plan(world.practice, world.therapist)
    visit(gone, NOW - 20 * DAY)
    visit(gone, NOW + 3 * DAY, Appointment.Status.CANCELLED)
    too_soon = a_plan(world.practice, world.therapist)
    visit(too_soon, NOW - 10 * DAY)
    booked = a_plan(world.practice, world.therapist)
    visit(booked, NOW - 20 * DAY)
    visit(booked, NOW + 2 * DAY, Appointment.Status.BOOKED)
    back = a_plan(world.practice, world.therapist)
    visit(back, NOW - 20 * DAY)
    visit(back, NOW - 13 * DAY)
    single = a_plan(world.practice, world.therapist, visits_planned=1)
    visit(single, NOW - 20 * DAY)

    found = board(world)

    assert found.headline.drop_off == Rate(1, 3)
    assert found.headline.drop_off.shown == "33%"
    assert month_row(found, Month(2026, 10)).drop_off == Rate(1, 3)  # 31 October


def test_a_plan_closed_as_done_after_one_visit_is_not_a_drop_off(world: World) -> None:
    for status in ("completed", "discharged", "abandoned"):
        plan = closed(world.practice, status, NOW - 5 * DAY, world.therapist)
        visit(plan, NOW - 20 * DAY)

    assert board(world).headline.drop_off == Rate(1, 3)  # only the abandoned one


def test_a_first_visit_counts_once_14_days_have_passed(world: World, now) -> None:  # type: ignore[no-untyped-def]
    plan = a_plan(world.practice, world.therapist)
    visit(plan, NOW - 10 * DAY)
    assert board(world).headline.drop_off == Rate(0, 0)

    now.shift(5 * DAY)

    assert board(world).headline.drop_off == Rate(1, 1)


def test_a_missed_first_visit_is_not_the_first_visit(world: World) -> None:
    plan = a_plan(world.practice, world.therapist)
    visit(plan, NOW - 30 * DAY, Appointment.Status.NO_SHOW)
    visit(plan, NOW - 16 * DAY)

    found = board(world)

    assert found.headline.drop_off == Rate(1, 1)
    assert month_row(found, NOVEMBER).drop_off == Rate(1, 1)


def test_a_first_visit_exactly_14_days_ago_counts(world: World) -> None:
    plan = a_plan(world.practice, world.therapist)
    visit(plan, NOW - 14 * DAY)

    assert board(world).headline.drop_off == Rate(1, 1)


def test_a_first_visit_belongs_to_the_practice_s_month(world: World, now) -> None:  # type: ignore[no-untyped-def]
    # London is on summer time: 23:30 UTC on 30 September is 00:30 on 1 October.
    now.move_to(dt.datetime(2026, 10, 20, 12, tzinfo=dt.UTC))
    plan = a_plan(world.practice, world.therapist)
    visit(plan, dt.datetime(2026, 9, 30, 23, 30, tzinfo=dt.UTC))

    found = board(world)

    assert month_row(found, OCTOBER).drop_off == Rate(1, 1)
    assert month_row(found, Month(2026, 9)).drop_off == Rate(0, 0)


# -- months and therapists ------------------------------------------------------------------


def test_months_are_the_practice_s_months(world: World) -> None:
    world.practice.time_zone = "Europe/Berlin"
    world.practice.save()
    # 23:30 UTC on 31 October is 00:30 on 1 November in Berlin.
    closed(world.practice, "completed", dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC))
    closed(world.practice, "abandoned", dt.datetime(2026, 10, 31, 22, 30, tzinfo=dt.UTC))

    found = board(world)

    assert month_row(found, NOVEMBER).completion == Rate(1, 1)
    assert month_row(found, OCTOBER).completion == Rate(0, 1)


def test_the_period_starts_at_midnight_in_the_practice_s_zone(world: World) -> None:
    world.practice.time_zone = "Europe/Berlin"
    world.practice.save()
    # The period starts on 1 December 2025 at 00:00 in Berlin, 23:00 UTC the day before.
    closed(world.practice, "completed", dt.datetime(2025, 11, 30, 23, 30, tzinfo=dt.UTC))
    closed(world.practice, "abandoned", dt.datetime(2025, 11, 30, 22, 30, tzinfo=dt.UTC))
    plan = a_plan(world.practice, world.therapist)
    visit(plan, dt.datetime(2025, 11, 30, 23, 15, tzinfo=dt.UTC))

    found = board(world)

    assert found.headline.completion == Rate(1, 1)
    assert month_row(found, Month(2025, 12)).completion == Rate(1, 1)
    assert month_row(found, Month(2025, 12)).drop_off == Rate(1, 1)


def test_the_twelve_months_move_on_with_the_calendar(world: World, now) -> None:  # type: ignore[no-untyped-def]
    closed(world.practice, "completed", dt.datetime(2025, 12, 15, tzinfo=dt.UTC))
    closed(world.practice, "abandoned", dt.datetime(2026, 11, 30, 20, tzinfo=dt.UTC))
    now.move_to(dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC))
    before = board(world)

    now.move_to(dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.UTC))
    after = board(world)

    assert before.headline.completion == Rate(1, 2)
    assert (before.months[0][0], before.first_month) == (NOVEMBER, Month(2025, 12))
    assert after.headline.completion == Rate(0, 1)
    assert (after.months[0][0], after.first_month) == (Month(2026, 12), Month(2026, 1))
    assert month_row(after, NOVEMBER).completion == Rate(0, 1)


def test_figures_are_split_by_therapist(world: World) -> None:
    colleague = TherapistFactory(practice=world.practice, display_name="Ilse Brandvoort")
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(7, 3))
    a_course(world.practice, colleague, NOW - 3 * DAY, pain=(5, 4))
    closed(world.practice, "abandoned", NOW - 3 * DAY, colleague)
    closed(world.practice, "completed", NOW - 3 * DAY)  # nobody named
    a_plan(world.practice, colleague, status="paused")

    found = board(world)

    dana, ilse = therapist_row(found, world.therapist), therapist_row(found, colleague)
    assert (dana.completion, dana.pain) == (Rate(1, 1), Rate(1, 1))
    assert (ilse.completion, ilse.pain, ilse.paused) == (Rate(1, 2), Rate(0, 1), 1)
    assert dict(found.therapists)[Who("No therapist named")].completion == Rate(1, 1)
    assert [who.name for who, _ in found.therapists] == [
        "Dana Whitlockova",
        "Ilse Brandvoort",
        "No therapist named",
    ]


def test_other_practices_plans_are_never_counted(world: World) -> None:
    theirs = TherapistFactory(practice=world.other_practice, display_name="Olaf Tennant")
    a_course(world.other_practice, theirs, NOW - 3 * DAY, pain=(7, 2))
    closed(world.other_practice, "abandoned", NOW - 3 * DAY, theirs)
    a_plan(world.other_practice, theirs)
    visit(a_plan(world.other_practice, theirs), NOW - 20 * DAY)

    found = board(world)

    assert found.headline == dashboard.Figures()
    assert [who.name for who, _ in found.therapists] == ["Dana Whitlockova"]


# -- queries ---------------------------------------------------------------------------------


def a_busy_practice(world: World, plans: int) -> None:
    service = world.practice.services.first()
    for n in range(plans):
        plan = a_course(world.practice, world.therapist, NOW - n * DAY, pain=(7, 5, 3))
        visit(plan, NOW - (n + 20) * DAY, service=service)
        check_in(plan, NOW - 40 * DAY, {"psfs": {"sit-through-a-film": 2, "run-5-km": 5}})
        check_in(plan, NOW - 35 * DAY, {"psfs": {"sit-through-a-film": 6, "run-5-km": 5}})
        a_plan(world.practice, world.therapist, status="paused")


@pytest.mark.parametrize("plans", [1, 8])
def test_the_queries_do_not_grow_with_the_plans(
    world: World,
    plans: int,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    a_busy_practice(world, plans)

    with django_assert_max_num_queries(5):
        found = board(world)

    assert found.headline.completion == Rate(plans, plans)
    assert found.headline.pain == Rate(plans, plans)
    assert found.headline.function == Rate(plans, plans)
    assert found.headline.drop_off == Rate(0, plans)  # one visit each, but completed
    assert found.headline.paused == plans
