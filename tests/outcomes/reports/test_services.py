"""What the progress report gathers for one plan (easeplan.outcomes.reports.services)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from easeplan.booking.models import Appointment
from easeplan.care.models import ExerciseLog, PlanOfCare
from easeplan.outcomes import measures
from easeplan.outcomes.reports import services as report

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory, PrescriptionFactory
from ..progress_helpers import check_in, pain

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)  # a Tuesday
WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
SUMMARY = "Ada sits through a film again. Keep up the stretch twice a week after discharge."


@pytest.fixture
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World, now) -> PlanOfCare:  # type: ignore[no-untyped-def]
    world.client.date_of_birth = dt.date(1984, 3, 9)
    world.client.save(update_fields=["date_of_birth"])
    world.practice.address = "12 Mill Lane\nRiverside RV1 2AB"
    world.practice.phone = "01632 960123"
    world.practice.save(update_fields=["address", "phone"])
    return PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        starts_on=dt.date(2026, 11, 2),
        goals=["Sit through a film", "Run 5 km"],
    )


def a_course(world: World, plan: PlanOfCare) -> None:
    """Three weekly check-ins (sitting pain 7 → 3, sleep 8 → 4), five visits of every kind,
    a figure-4 stretch ticked off on 6 of its 15 days (40%), and the therapist's summary."""
    for weeks, sitting, sleep in ((3, 7, 8), (2, 5, 6), (1, 3, 4)):
        check_in(plan, NOW - weeks * WEEK, pain(sitting) | {"sleep": {"sleep": sleep}})
    visits = (
        (-21, Appointment.Status.COMPLETED),
        (-14, Appointment.Status.NO_SHOW),
        (-10, Appointment.Status.CANCELLED),
        (-7, Appointment.Status.BOOKED),  # past and never closed: it took place
        (7, Appointment.Status.BOOKED),
    )
    for days, status in visits:
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            status=status,
            starts_at=NOW + days * DAY - dt.timedelta(hours=2),
        )
    stretch = PrescriptionFactory(plan=plan, prescribed_at=NOW - 14 * DAY)
    for day in (10, 11, 12, 17, 18, 24):
        ExerciseLog.objects.create(prescription=stretch, done_on=dt.date(2026, 11, day))
    plan.summary = SUMMARY
    plan.save(update_fields=["summary"])


def built(plan: PlanOfCare) -> report.Report:
    fresh = PlanOfCare.objects.select_related("client", "therapist", "practice").get(pk=plan.pk)
    return report.build(fresh, NOW)


# -- gathering -------------------------------------------------------------------------------


def test_it_gathers_the_practice_client_and_plan(world: World, plan: PlanOfCare) -> None:
    found = built(plan)

    assert found.practice == report.PracticeLines(
        "Riverside Massage", "12 Mill Lane\nRiverside RV1 2AB", "01632 960123", world.practice.email
    )
    assert found.client_name == "Ada Quillfeather"
    assert found.date_of_birth == dt.date(1984, 3, 9)
    assert found.plan_title == "Piriformis syndrome"
    assert found.plan_status == "Active"
    assert found.therapist == "Dana Whitlockova"
    assert found.goals == ["Sit through a film", "Run 5 km"]
    assert found.produced_at.date() == dt.date(2026, 11, 24)


def test_each_visit_says_what_became_of_it(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    found = built(plan)

    states = [visit.state for visit in found.visits]
    assert states == ["took place", "missed", "cancelled", "took place", "booked"]
    assert found.visit_step == "2 of 5 planned visits took place"


def test_each_measure_has_its_baseline_latest_change_and_verdict(
    world: World, plan: PlanOfCare
) -> None:
    a_course(world, plan)

    sitting, sleep = built(plan).measures

    assert (sitting.name, sitting.baseline, sitting.latest, sitting.change) == (
        "Pain when sitting (NPRS)",
        "7",
        "3",
        "−4",
    )
    assert sitting.baseline_on == dt.date(2026, 11, 3)
    assert sitting.latest_on == dt.date(2026, 11, 17)
    assert sitting.verdict == "Meaningful improvement (at least 2 points)"
    assert sitting.rule_source == "Farrar 2001, Pain 94:149; Ostelo 2008, Spine 33:90"
    assert sleep.verdict == "Better (trend only, no validated threshold)"
    assert sleep.rule_source == "No validated threshold: trend only"


def test_the_psfs_is_judged_like_for_like(world: World, plan: PlanOfCare) -> None:
    first = {"sit-through-a-film": 2, "run-5-km": 2}
    check_in(plan, NOW - 3 * WEEK, {"psfs": first})
    plan.goals = ["Sit through a film", "Garden"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"sit-through-a-film": 3, "garden": 9}})

    (psfs,) = built(plan).measures

    # Only "Sit through a film" was rated at both times: 2 → 3, not the means 2 → 6.
    assert (psfs.baseline, psfs.latest, psfs.change) == ("2.0", "3.0", "+1.0")
    assert psfs.verdict == (
        "Better, below the meaningful change. Compared like for like on “Sit through a film”, "
        "each from its first rating."
    )
    assert "Like for like" in psfs.rule


def test_the_psfs_gives_no_verdict_without_a_shared_activity(
    world: World, plan: PlanOfCare
) -> None:
    plan.goals = ["Sitting 30 min", "Running 5 km", "Stairs"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - 3 * WEEK, {"psfs": {"sitting-30-min": 2, "running-5-km": 2, "stairs": 2}})
    plan.goals = ["Driving 1 hour", "Gardening", "Cycling"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"driving-1-hour": 5, "gardening": 5, "cycling": 5}})

    (psfs,) = built(plan).measures

    assert (psfs.baseline, psfs.latest, psfs.change) == ("2.0", "5.0", "")
    assert psfs.verdict == (
        "No verdict: no activity was rated both at the start and at the latest check-in, "
        "and the PSFS compares the same activities"
    )


def test_the_home_programme_shows_adherence_over_the_whole_plan(
    world: World, plan: PlanOfCare
) -> None:
    a_course(world, plan)

    found = built(plan)

    (stretch,) = found.exercises
    assert stretch.name == "Lying figure-4 stretch"
    assert stretch.dosage.startswith("Hold 30 seconds")
    assert stretch.adherence == 40
    assert found.adherence == 40


def test_the_summary_falls_back_to_the_closing_note(world: World, plan: PlanOfCare) -> None:
    plan.closing_note = "Discharged: goals met."
    plan.save(update_fields=["closing_note"])
    assert built(plan).summary == "Discharged: goals met."

    plan.summary = "Written for Dr Okafor."
    plan.save(update_fields=["summary"])
    assert built(plan).summary == "Written for Dr Okafor."


def test_a_plan_with_nothing_yet_still_builds(world: World, plan: PlanOfCare) -> None:
    found = built(plan)

    assert (found.visits, found.measures, found.exercises) == ([], [], [])
    assert found.adherence is None
    assert found.summary == ""


# -- pure helpers ----------------------------------------------------------------------------


def test_a_single_score_has_no_verdict_yet() -> None:
    assert report.verdict_words(None) == "One score so far: no change to judge yet"


def test_the_groc_is_reported_as_given_with_its_source() -> None:
    assert report.rule_source(measures.GROC) == "Kamper 2009, J Man Manip Ther 17:163"


@given(st.integers(-10, 10))
def test_a_change_carries_its_sign(difference: int) -> None:
    shown = report.signed(measures.SLEEP, Fraction(difference))

    assert shown == (
        f"+{difference}" if difference > 0 else f"−{-difference}" if difference else "0"
    )


@pytest.mark.parametrize(
    ("status", "days", "state"),
    [
        ("booked", 1, "booked"),
        ("booked", -1, "took place"),
        ("completed", -1, "took place"),
        ("no_show", -1, "missed"),
        ("cancelled", 1, "cancelled"),
    ],
)
def test_visit_states(status: str, days: int, state: str) -> None:
    assert report.visit_state(status, NOW + days * DAY, NOW) == state


@given(st.text(max_size=40))
def test_the_filename_is_always_plain_ascii(last_name: str) -> None:
    found = _report_named(last_name)

    name = report.filename(found)

    assert name.isascii()
    assert name.startswith("progress-report-") and name.endswith("-2026-11-24.pdf")
    assert '"' not in name and "/" not in name and " " not in name


def test_the_filename_keeps_accented_names_readable() -> None:
    assert report.filename(_report_named("Łukasiewicz-Zoë")) == (
        "progress-report-lukasiewicz-zoe-2026-11-24.pdf"
    )


def _report_named(last_name: str) -> report.Report:
    return report.Report(
        practice=report.PracticeLines("P", "", "", "p@example.org"),
        client_name=f"A {last_name}",
        client_last_name=last_name,
        date_of_birth=None,
        plan_title="Piriformis syndrome",
        plan_status="Active",
        starts_on=NOW.date(),
        review_on=NOW.date(),
        closed_on=None,
        therapist="",
        goals=[],
        visits_planned=5,
        visits=[],
        measures=[],
        exercises=[],
        adherence=None,
        summary="",
        produced_at=NOW,
    )
