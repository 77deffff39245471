"""Prescribing, stopping and ticking off home exercises, and adherence."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import ExerciseLog, Intake, Prescription
from easeplan.care.programme import services as ps
from easeplan.care.programme.rules import Dosage

from ...conftest import World
from ...factories import PlanOfCareFactory, PrescriptionFactory

# Monday 2 March 2026, 10:00 in London (GMT, so also 10:00 UTC).
MONDAY_10 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
DAILY = Dosage(hold_seconds=30, reps=3, sets=1, times_per_day=1, days_per_week=7)


def posterior_hip(client, **more) -> Intake:
    """A submitted intake saying the client's right hip was replaced from behind."""
    return Intake.objects.create(
        practice=client.practice,
        client=client,
        version="intake/2026-11",
        answers={"hip_replacement": "right", "hip_approach": "posterior", **more},
        submitted_at=timezone.now(),
    )


@pytest.fixture
def plan(world: World):
    return PlanOfCareFactory(practice=world.practice, client=world.client)


def test_it_prescribes_with_the_dosage_and_audits(world, plan) -> None:
    dosage = Dosage(hold_seconds=20, reps=4, sets=2, times_per_day=2, days_per_week=5)
    p = ps.prescribe(plan, "hamstring_stretch", dosage, actor=world.therapist_user, notes=" L ")
    p.refresh_from_db()
    assert (p.hold_seconds, p.reps, p.sets, p.times_per_day, p.days_per_week) == (20, 4, 2, 2, 5)
    assert (p.exercise, p.notes, p.prescribed_by, p.practice) == (
        "hamstring_stretch",
        "L",
        world.therapist_user,
        world.practice,
    )
    event = AuditEvent.objects.get(action="care.programme.prescribed")
    assert event.object_id == p.code and event.actor == world.therapist_user
    assert event.data["exercise"] == "hamstring_stretch" and event.data["reps"] == 4


def test_it_refuses_the_figure_4_after_a_posterior_hip_replacement(world, plan) -> None:
    posterior_hip(world.client)
    with pytest.raises(ps.ProgrammeRefused) as refused:
        ps.prescribe(plan, "figure_4_stretch", DAILY, actor=world.therapist_user)
    assert "bends the hip past 90°" in refused.value.message
    assert "HSS Journal 2019" in refused.value.message
    assert not Prescription.objects.exists()
    assert not AuditEvent.objects.filter(action="care.programme.prescribed").exists()
    # Strengthening stays open to the same client.
    ps.prescribe(plan, "clamshell", DAILY, actor=world.therapist_user)


def test_the_surgeon_clearing_the_hip_allows_the_figure_4(world, plan) -> None:
    posterior_hip(world.client, surgeon_cleared_hip=True)
    ps.prescribe(plan, "figure_4_stretch", DAILY, actor=world.therapist_user)
    assert Prescription.objects.filter(exercise="figure_4_stretch").exists()


def test_it_refuses_an_exercise_not_in_the_library(world, plan) -> None:
    with pytest.raises(ps.ProgrammeRefused, match="not in the library"):
        ps.prescribe(plan, "headstand", DAILY, actor=world.therapist_user)


def test_it_refuses_the_same_exercise_twice_until_the_first_is_stopped(world, plan) -> None:
    first = ps.prescribe(plan, "bridge", DAILY, actor=world.therapist_user)
    with pytest.raises(ps.ProgrammeRefused, match="already in the programme"):
        ps.prescribe(plan, "bridge", DAILY, actor=world.therapist_user)
    ps.stop(first, actor=world.therapist_user)
    ps.prescribe(plan, "bridge", DAILY, actor=world.therapist_user)
    assert plan.prescriptions.filter(exercise="bridge").count() == 2


def test_it_refuses_to_prescribe_in_a_closed_plan(world) -> None:
    closed = PlanOfCareFactory(practice=world.practice, client=world.client, status="discharged")
    with pytest.raises(ps.ProgrammeRefused, match="discharged"):
        ps.prescribe(closed, "bridge", DAILY, actor=world.therapist_user)


def test_stopping_keeps_the_ticks_and_is_audited(world, plan) -> None:
    p = PrescriptionFactory(plan=plan)
    ps.tick(p, day=timezone.localdate(), session=1, user=world.client_user)
    ps.stop(p, actor=world.owner)
    p.refresh_from_db()
    assert p.stopped_at is not None and p.logs.count() == 1
    assert AuditEvent.objects.get(action="care.programme.stopped").object_id == p.code
    with pytest.raises(ps.ProgrammeRefused, match="already stopped"):
        ps.stop(p, actor=world.owner)


# -- ticks ------------------------------------------------------------------------------------


def test_the_client_ticks_a_session_once_however_often_they_tap(world, plan) -> None:
    p = PrescriptionFactory(plan=plan, times_per_day=2)
    today = timezone.localdate()
    ps.tick(p, day=today, session=2, user=world.client_user)
    ps.tick(p, day=today, session=2, user=world.client_user)
    assert list(p.logs.values_list("done_on", "session")) == [(today, 2)]
    ps.untick(p, day=today, session=2, user=world.client_user)
    ps.untick(p, day=today, session=2, user=world.client_user)
    assert not p.logs.exists()


@pytest.mark.parametrize(
    ("days_ago", "session", "message"),
    [
        (-1, 1, "hasn't come yet"),
        (0, 2, "once a day"),
        (0, 0, "once a day"),
    ],
)
def test_it_refuses_a_tick_that_cannot_be(world, plan, days_ago, session, message) -> None:
    p = PrescriptionFactory(plan=plan)
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    with pytest.raises(ps.ProgrammeRefused, match=message):
        ps.tick(p, day=day, session=session, user=world.client_user)
    assert not ExerciseLog.objects.exists()


def test_it_refuses_a_day_before_it_was_prescribed_or_over_a_week_back(world, plan) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        p = PrescriptionFactory(plan=plan)
    with time_machine.travel(MONDAY_10 + dt.timedelta(days=20), tick=False):
        with pytest.raises(ps.ProgrammeRefused, match="wasn't in your programme"):
            ps.tick(p, day=dt.date(2026, 3, 1), session=1, user=world.client_user)
        with pytest.raises(ps.ProgrammeRefused, match="7 days back"):
            ps.tick(p, day=dt.date(2026, 3, 3), session=1, user=world.client_user)
        ps.tick(p, day=dt.date(2026, 3, 15), session=1, user=world.client_user)


def test_only_the_client_ticks_and_only_while_it_runs(world, plan) -> None:
    p = PrescriptionFactory(plan=plan)
    today = timezone.localdate()
    for someone in (world.therapist_user, world.owner):
        with pytest.raises(ps.ProgrammeRefused, match="Only the client"):
            ps.tick(p, day=today, session=1, user=someone)
    ps.stop(p, actor=world.therapist_user)
    with pytest.raises(ps.ProgrammeRefused, match="stopped"):
        ps.tick(p, day=today, session=1, user=world.client_user)
    assert not ExerciseLog.objects.exists()


def test_a_tick_after_midnight_in_summer_belongs_to_the_london_day(world, plan) -> None:
    # 23:30 UTC on Saturday 24 October 2026 is 00:30 on Sunday in London (still BST).
    late = dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False):
        p = PrescriptionFactory(plan=plan)
        assert ps.today_for(world.practice) == dt.date(2026, 10, 25)
        ps.tick(p, day=dt.date(2026, 10, 25), session=1, user=world.client_user)
        adherence = ps.adherence_for(plan, today=dt.date(2026, 10, 25))
    (row,) = adherence.rows
    # Started on the Sunday (London), so the week of 19 October owes one session: done.
    assert [(w.monday, w.due, w.percent) for w in row.weeks] == [(dt.date(2026, 10, 19), 1, 100)]


# -- adherence ----------------------------------------------------------------------------


def test_adherence_per_week_and_overall(world, plan) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        stretch = PrescriptionFactory(plan=plan)
        bridge = PrescriptionFactory(
            plan=plan, exercise="bridge", hold_seconds=None, reps=10, sets=3, days_per_week=4
        )
    for n in range(5):  # the stretch on Monday to Friday of the first week
        ExerciseLog.objects.create(prescription=stretch, done_on=dt.date(2026, 3, 2 + n))
    ExerciseLog.objects.create(prescription=bridge, done_on=dt.date(2026, 3, 9))
    adherence = ps.adherence_for(plan, today=dt.date(2026, 3, 10))  # Tuesday, week 2
    weeks = {row.prescription.exercise: row.percent_in for row in adherence.rows}
    first, second = dt.date(2026, 3, 2), dt.date(2026, 3, 9)
    assert weeks["figure_4_stretch"](first) == 71  # 5 of 7
    assert weeks["bridge"](first) == 0
    assert weeks["bridge"](second) == 87  # 1 of 4 × 2/7 = 8/7 due so far: capped at 1 → 87%
    assert adherence.overall_in(first) == 45  # 5 of 11
    assert adherence.mondays[:2] == [second, first]
    assert adherence.overall_in(dt.date(2026, 2, 23)) is None


def test_adherence_takes_two_queries_however_many_exercises(
    world, plan, django_assert_num_queries
) -> None:
    one = PrescriptionFactory(plan=plan)
    ExerciseLog.objects.create(prescription=one, done_on=timezone.localdate())
    plan = type(plan).objects.select_related("practice", "client").get(pk=plan.pk)
    with django_assert_num_queries(2):
        ps.adherence_for(plan, today=timezone.localdate())
    for code in ("bridge", "clamshell", "hamstring_stretch"):
        extra = PrescriptionFactory(plan=plan, exercise=code)
        ExerciseLog.objects.create(prescription=extra, done_on=timezone.localdate())
    with django_assert_num_queries(2):
        adherence = ps.adherence_for(plan, today=timezone.localdate())
    assert len(adherence.rows) == 4


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_prescribers_at_once_add_the_exercise_once(world) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    start, outcomes = threading.Barrier(2), []

    def click() -> None:
        try:
            start.wait()
            ps.prescribe(plan, "bridge", DAILY, actor=world.therapist_user)
            outcomes.append("prescribed")
        except ps.ProgrammeRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["prescribed", "refused"]
    assert plan.prescriptions.filter(exercise="bridge").count() == 1
