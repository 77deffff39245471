"""Recording a check-in: what it asks, scores kept with their versions, once only."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.outcomes import instruments as inst
from easeplan.outcomes import measures
from easeplan.outcomes.checkins import services
from easeplan.outcomes.checkins.services import CheckInRefused
from easeplan.outcomes.models import CheckIn, Response

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World):  # type: ignore[no-untyped-def]
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )


def visit_in(world: World, plan, hours: float, **extra) -> Appointment:  # type: ignore[no-untyped-def]
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        plan=plan,
        starts_at=NOW + dt.timedelta(hours=hours),
        **extra,
    )


@pytest.fixture
def checkin(world: World, plan) -> CheckIn:  # type: ignore[no-untyped-def]
    return services.visit_checkin(visit_in(world, plan, 1))


ANSWERS = {
    "nprs-now": {"nprs-now": 5},
    "nprs-worst-24h": {"nprs-worst-24h": 7},
    "nprs-sitting": {"nprs-sitting": 6},
    "nprs-running": {"nprs-running": None},  # "I didn't do this"
    "psfs": {"sit-through-a-film": 4, "run-5-km": 3},
    "sleep": {"sleep": 4},
    "mood": {"mood": 3},
}


def responses(checkin: CheckIn) -> dict[str, Response]:
    return {r.instrument: r for r in Response.objects.filter(checkin=checkin)}


# What a check-in asks ------------------------------------------------------------------------


def test_a_plan_asks_its_own_instruments_and_no_plan_asks_pain_sleep_and_mood(plan) -> None:
    codes = [i.code for i in services.instruments_for(plan)]
    assert codes[:7] == [i.code for i in measures.NPRS]
    assert codes[7:] == ["psfs", "sleep", "mood", "groc"]
    without = [i.code for i in services.instruments_for(None)]
    assert without == [*(i.code for i in measures.NPRS), "sleep", "mood"]


def test_the_groc_waits_until_a_visit_of_the_plan_took_place(world: World, plan) -> None:
    first = visit_in(world, plan, 1)
    assert "groc" not in [i.code for i in services.questions_for(plan, first, NOW)]
    missed = visit_in(world, plan, -48, status=Appointment.Status.NO_SHOW)
    assert "groc" not in [i.code for i in services.questions_for(plan, None, NOW)]
    missed.status = Appointment.Status.BOOKED  # it took place after all
    missed.save()
    assert "groc" in [i.code for i in services.questions_for(plan, None, NOW)]
    assert "groc" in [i.code for i in services.questions_for(plan, first, NOW)]
    # The first visit's own check-in doesn't count a visit that comes after it.
    assert "groc" not in [i.code for i in services.questions_for(plan, missed, NOW)]


def test_a_low_back_plan_asks_the_rmdq(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client, condition="low_back")
    assert "rmdq-24" in [i.code for i in services.instruments_for(plan)]


@pytest.mark.parametrize(
    ("hours_to_visit", "closed"),
    [(25, "opens a day before it: on Tuesday 3 November at 13:00"), (23, ""), (-0.5, "")],
)
def test_a_visit_check_in_opens_a_day_before_the_visit(
    world: World, plan, hours_to_visit: float, closed: str
) -> None:
    visit = visit_in(world, plan, hours_to_visit)
    assert closed in services.visit_closed_because(visit, NOW)
    assert bool(services.visit_closed_because(visit, NOW)) == bool(closed)


def test_a_visit_check_in_closes_when_the_visit_ends_or_is_cancelled(world: World, plan) -> None:
    over = visit_in(world, plan, -1)  # a 60-minute visit that started an hour ago
    assert "This visit is over" in services.visit_closed_because(over, NOW)
    cancelled = visit_in(world, plan, 2, status=Appointment.Status.CANCELLED)
    assert "cancelled or missed" in services.visit_closed_because(cancelled, NOW)


def test_a_visit_has_one_check_in(world: World, plan) -> None:
    visit = visit_in(world, plan, 1)
    first = services.visit_checkin(visit)
    assert services.visit_checkin(visit) == first
    assert (first.kind, first.plan, first.client) == ("visit", plan, world.client)


# Recording -----------------------------------------------------------------------------------


def test_it_scores_each_instrument_and_keeps_its_version(world: World, checkin) -> None:
    services.record(checkin, ANSWERS, actor=world.client_user, now=NOW)
    found = responses(checkin)
    assert set(found) == {"nprs-now", "nprs-worst-24h", "nprs-sitting", "psfs", "sleep", "mood"}
    assert "nprs-running" not in found  # skipped: no answer, never a 0
    now_pain = found["nprs-now"]
    assert (now_pain.score, now_pain.version, now_pain.answers) == (
        Decimal("5.000"),
        inst.VERSION,
        {"nprs-now": 5},
    )
    assert now_pain.items == {"nprs-now": "How bad is your pain right now?"}
    psfs = found["psfs"]
    assert (psfs.score, psfs.answered) == (Decimal("3.500"), 2)
    assert psfs.items == {"sit-through-a-film": "Sit through a film", "run-5-km": "Run 5 km"}
    assert {r.collected_at for r in found.values()} == {NOW}
    checkin.refresh_from_db()
    assert (checkin.completed_at, checkin.entered_by) == (NOW, None)
    event = AuditEvent.objects.get(action="outcomes.checkin.completed")
    assert (event.actor, event.object_id) == (world.client_user, checkin.code)
    assert event.data["entered_by_staff"] is False


def test_a_mean_is_kept_exactly_to_three_places(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, goals=["Sit", "Run", "Climb stairs"]
    )
    checkin = services.visit_checkin(visit_in(world, plan, 1))
    psfs = {"sit": 4, "run": 5, "climb-stairs": 5}
    services.record(checkin, {"psfs": psfs}, actor=world.client_user, now=NOW)
    assert responses(checkin)["psfs"].score == Decimal("4.667")  # 14/3


def test_an_activity_mean_on_too_few_answers_is_kept_unscored(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, goals=["Sit", "Run", "Climb stairs"]
    )
    checkin = services.visit_checkin(visit_in(world, plan, 1))
    services.record(checkin, {"psfs": {"sit": 4}}, actor=world.client_user, now=NOW)
    psfs = responses(checkin)["psfs"]
    assert (psfs.score, psfs.answered, psfs.answers) == (None, 1, {"sit": 4})


def test_the_rmdq_counts_the_ticked_sentences(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client, condition="low_back")
    checkin = services.visit_checkin(visit_in(world, plan, 1))
    rmdq = {f"q{n}": int(n in (2, 13, 18)) for n in range(1, 25)}
    services.record(checkin, {"rmdq-24": rmdq}, actor=world.client_user, now=NOW)
    found = responses(checkin)["rmdq-24"]
    assert (found.score, found.answered, found.version) == (Decimal("3.000"), 24, inst.VERSION)
    assert found.items["q13"] == "My back is painful almost all the time."


def test_staff_entry_keeps_who_entered_it(world: World, checkin) -> None:
    services.record(checkin, ANSWERS, actor=world.therapist_user, now=NOW, staff=True)
    checkin.refresh_from_db()
    assert checkin.entered_by == world.therapist_user
    event = AuditEvent.objects.get(action="outcomes.checkin.completed")
    assert (event.actor, event.data["entered_by_staff"]) == (world.therapist_user, True)


def test_a_completed_check_in_cant_be_sent_twice(world: World, checkin) -> None:
    services.record(checkin, ANSWERS, actor=world.client_user, now=NOW)
    again = {**ANSWERS, "nprs-now": {"nprs-now": 1}}
    with pytest.raises(CheckInRefused, match="already in"):
        services.record(checkin, again, actor=world.client_user, now=NOW)
    assert responses(checkin)["nprs-now"].score == 5
    assert Response.objects.count() == 6


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**ANSWERS, "mood": {"mood": 11}}, "takes a number from 0 to 10, not 11"),
        ({**ANSWERS, "sleep": {"sleep": "4"}}, "takes a whole number"),
        ({**ANSWERS, "psfs": {"swim": 5}}, "has no item 'swim'"),
        ({**ANSWERS, "groc": {"groc": 3}}, "doesn't ask groc"),  # before the first visit
        ({**ANSWERS, "rmdq-24": {"q1": 1}}, "doesn't ask rmdq-24"),  # not a low-back plan
        ({"nprs-running": {"nprs-running": None}}, "answer at least one question"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(
    world: World, checkin, answers, message: str
) -> None:
    with pytest.raises(CheckInRefused, match=message):
        services.record(checkin, answers, actor=world.client_user, now=NOW)
    checkin.refresh_from_db()
    assert checkin.completed_at is None
    assert not Response.objects.exists()
    assert not AuditEvent.objects.filter(action="outcomes.checkin.completed").exists()


def test_a_visit_check_in_is_refused_outside_its_time(world: World, plan) -> None:
    checkin = services.visit_checkin(visit_in(world, plan, 30))
    with pytest.raises(CheckInRefused, match="opens a day before"):
        services.record(checkin, ANSWERS, actor=world.client_user, now=NOW)
    assert not Response.objects.exists()


def test_an_expired_weekly_check_in_is_refused(world: World, plan) -> None:
    weekly = CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        plan=plan,
        kind="weekly",
        sent_at=NOW - dt.timedelta(days=8),
        expires_at=NOW - dt.timedelta(days=1),
    )
    with pytest.raises(CheckInRefused, match="expired"):
        services.record(weekly, ANSWERS, actor=None, now=NOW)
    weekly.expires_at = NOW + dt.timedelta(seconds=1)
    weekly.save()
    services.record(weekly, ANSWERS, actor=None, now=NOW)
    assert Response.objects.filter(checkin=weekly).count() == 6


# Reading it back for the SOAP note -----------------------------------------------------------


def test_pain_before_a_visit_is_its_check_ins_pain_now(world: World, plan) -> None:
    visit = visit_in(world, plan, 1)
    assert services.pain_before(visit) is None
    services.record(services.visit_checkin(visit), ANSWERS, actor=world.client_user, now=NOW)
    assert services.pain_before(visit) == 5
    assert services.pain_before(visit_in(world, plan, 3)) is None  # another visit's check-in


def test_the_subjective_line_says_the_answers_in_short(world: World, plan) -> None:
    visit_in(world, plan, -72)  # the first visit: the GROC is asked from now on
    visit = visit_in(world, plan, 1)
    answers = {**ANSWERS, "groc": {"groc": 2}}
    services.record(services.visit_checkin(visit), answers, actor=world.client_user, now=NOW)
    assert services.subjective_line(visit) == (
        "Check-in before the visit: pain now 5/10, worst in 24 h 7/10; pain when sitting 6/10; "
        "sleep disturbed 4/10, mood affected 3/10; activities (PSFS) 3.5/10; "
        "change since the start +2 (a little bit better)."
    )


# Properties ------------------------------------------------------------------------------


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10_000))
def test_a_stored_score_is_the_exact_score_rounded_half_up(value: Fraction) -> None:
    stored = services.exact(value)
    assert stored.as_tuple().exponent == -3
    assert abs(Fraction(stored) - value) <= Fraction(1, 2000)
    if abs(Fraction(stored) - value) == Fraction(1, 2000):
        assert abs(Fraction(stored)) > abs(value)  # halves go up, away from zero


def test_a_negative_half_rounds_away_from_zero() -> None:
    assert services.exact(Fraction(-1, 16)) == Decimal("-0.063")
    assert services.exact(Fraction(1, 16)) == Decimal("0.063")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ratings=st.lists(st.integers(0, 10) | st.none(), min_size=2, max_size=2),
    pain=st.integers(0, 10),
)
def test_what_is_stored_is_what_the_published_scoring_gives(
    world: World, plan, ratings: list[int | None], pain: int
) -> None:
    # A visit with a therapist of its own: examples don't overlap anyone's calendar.
    visit = AppointmentFactory(
        practice=world.practice,
        client=world.client,
        plan=plan,
        starts_at=NOW + dt.timedelta(hours=1),
    )
    checkin = services.visit_checkin(visit)
    psfs = dict(zip(["sit-through-a-film", "run-5-km"], ratings, strict=True))
    services.record(checkin, {"nprs-now": {"nprs-now": pain}, "psfs": psfs}, actor=None, now=NOW)
    found = responses(checkin)
    expected = inst.score(measures.psfs_for(plan.goals), psfs)
    if any(r is not None for r in ratings):
        assert found["psfs"].score == (services.exact(expected.value) if expected else None)
    else:  # nothing answered: no response at all
        assert "psfs" not in found and expected is None
    assert found["nprs-now"].score == pain


# Two submits at once ---------------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_record_one_check_in(world: World, plan) -> None:
    checkin = services.visit_checkin(visit_in(world, plan, 1))
    start, outcomes = threading.Barrier(2), []

    def submit(pain: int) -> None:
        try:
            start.wait()
            answers = {"nprs-now": {"nprs-now": pain}}
            services.record(checkin, answers, actor=None, now=NOW)
            outcomes.append("recorded")
        except CheckInRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(pain,)) for pain in (3, 8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert Response.objects.filter(checkin=checkin).count() == 1
