"""The home programme as people use it: the therapist prescribes from the plan page, the
client ticks sessions off on their phone, the therapist sees adherence."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import ExerciseLog, PlanOfCare, Prescription
from easeplan.care.programme import rules as exercises
from easeplan.care.programme.panels import programme_for_client, programme_for_plan

from ...conftest import World, signed_in
from ...factories import ClientFactory, PlanOfCareFactory, PrescriptionFactory, UserFactory
from .test_services import posterior_hip

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile"}
HTMX = {"HTTP_HX_REQUEST": "true"}
MONDAY_10 = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )


@pytest.fixture
def as_therapist(world: World):
    return signed_in(world.therapist_user)


@pytest.fixture
def as_client(world: World):
    return signed_in(world.client_user, mfa=False)


def plan_page(browser, plan) -> str:
    response = browser.get(reverse("plans:detail", args=[plan.code]))
    assert response.status_code == 200
    return response.content.decode()


def prescribe_url(plan) -> str:
    return reverse("programme:prescribe", args=[plan.code])


def dosage(exercise: str, **changes) -> dict[str, object]:
    fields = {
        "exercise": exercise,
        "hold_seconds": 30,
        "reps": 3,
        "sets": 1,
        "times_per_day": 1,
        "days_per_week": 7,
        "notes": "",
    }
    return {**fields, **changes}


# -- the therapist ------------------------------------------------------------------------


def test_the_therapist_prescribes_from_the_plan_page(world, plan, as_therapist) -> None:
    html = plan_page(as_therapist, plan)
    assert "Home programme" in html and "No home exercises in this plan" in html
    assert f'action="{prescribe_url(plan)}"' in html

    response = as_therapist.get(prescribe_url(plan), {"exercise": "hamstring_stretch"})
    assert response.status_code == 200
    form = response.content.decode()
    assert 'name="hold_seconds" value="30"' in form and 'name="reps" value="3"' in form

    response = as_therapist.post(
        prescribe_url(plan), dosage("hamstring_stretch", hold_seconds=25, notes="Left leg")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.code]) + "#programme"
    html = plan_page(as_therapist, plan)
    assert "Lying hamstring stretch with a towel" in html
    assert "Hold 25 seconds, 3 times, once a day" in html and "Left leg" in html
    assert "added to Ada&#x27;s programme" in html


def test_the_dosage_step_loads_inline_with_htmx(plan, as_therapist) -> None:
    response = as_therapist.get(prescribe_url(plan), {"exercise": "bridge"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "<h3" in html and 'name="reps" value="10"' in html and 'name="sets" value="3"' in html


def test_figure_4_is_shown_disabled_with_the_reason_after_a_posterior_hip(
    world, plan, as_therapist
) -> None:
    posterior_hip(world.client)
    html = plan_page(as_therapist, plan)
    assert 'value="figure_4_stretch" required disabled aria-describedby="why-figure_4_stretch"' in (
        html
    )
    assert 'value="clamshell" required>' in html
    assert "Not for this client: it bends the hip past 90° with the leg crossed" in html

    response = as_therapist.get(prescribe_url(plan), {"exercise": "figure_4_stretch"})
    assert "Not for this client" in response.content.decode()
    assert 'name="reps"' not in response.content.decode()  # no form to get round it

    response = as_therapist.post(prescribe_url(plan), dosage("figure_4_stretch"))
    assert response.status_code == 400
    assert "Not for this client" in response.content.decode()
    assert not Prescription.objects.exists()


def test_bad_dosage_is_refused_with_what_to_fix(plan, as_therapist) -> None:
    response = as_therapist.post(prescribe_url(plan), dosage("bridge", reps=0, days_per_week=9))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Repetitions: enter a whole number from 1 to 50." in html
    assert "Days a week: enter a whole number from 1 to 7." in html
    assert "<title>Error:" in html
    assert not Prescription.objects.exists()


def test_an_exercise_not_in_the_library_is_refused(plan, as_therapist) -> None:
    response = as_therapist.post(prescribe_url(plan), dosage("headstand"))
    assert response.status_code == 400
    assert "not in the library" in response.content.decode()
    response = as_therapist.get(prescribe_url(plan), {"exercise": "headstand"})
    assert "not in the library" in response.content.decode()


def test_an_exercise_already_prescribed_is_not_offered_twice(world, plan, as_therapist) -> None:
    PrescriptionFactory(plan=plan, exercise="bridge")
    html = plan_page(as_therapist, plan)
    assert 'value="bridge" required disabled' in html
    response = as_therapist.post(prescribe_url(plan), dosage("bridge"))
    assert response.status_code == 400 and "already in the programme" in response.content.decode()


def test_the_therapist_stops_an_exercise(world, plan, as_therapist) -> None:
    p = PrescriptionFactory(plan=plan)
    response = as_therapist.post(reverse("programme:stop", args=[p.code]))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.stopped_at is not None
    html = plan_page(as_therapist, plan)
    assert "Stopped: Lying figure-4 stretch" in html and "Stopped exercises (1)" in html
    assert AuditEvent.objects.filter(action="care.programme.stopped", actor=world.therapist_user)


def test_staff_of_another_practice_cannot_touch_our_prescriptions(world, plan) -> None:
    p = PrescriptionFactory(plan=plan)
    outsider = signed_in(world.other_owner)
    assert outsider.post(reverse("programme:stop", args=[p.code])).status_code == 404
    assert outsider.post(prescribe_url(plan), dosage("bridge")).status_code == 404
    p.refresh_from_db()
    assert p.stopped_at is None and plan.prescriptions.count() == 1


def test_the_library_shows_every_exercise_with_figure_steps_and_contraindications(
    as_therapist,
) -> None:
    html = as_therapist.get(reverse("programme:library")).content.decode()
    for exercise in exercises.LIBRARY:
        assert f'id="{exercise.code}"' in html
        assert f'alt="{exercise.name}: line drawing of the position"' in html
        assert exercise.steps[0].replace("'", "&#x27;") in html
    rule = "Contraindicated</strong> for clients whose intake rules out the figure-4 stretch"
    assert rule in html


def test_the_therapist_sees_adherence_per_week(world, plan, as_therapist) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        p = PrescriptionFactory(plan=plan)
    for n in range(5):
        ExerciseLog.objects.create(prescription=p, done_on=dt.date(2026, 3, 2 + n))
    with time_machine.travel(MONDAY_10 + dt.timedelta(days=8), tick=False):  # Tuesday, week 2
        html = plan_page(as_therapist, plan)
    assert "Week of 2 Mar" in html
    assert '<span class="adherence adherence-mid">71%</span>' in html  # 5 of 7, last week
    assert '<span class="adherence adherence-low">0%</span>' in html  # none yet this week


def test_the_plan_page_runs_the_same_queries_for_one_exercise_or_many(
    world, plan, as_therapist
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            plan_page(as_therapist, plan)
        return len(queries)

    first = PrescriptionFactory(plan=plan)
    ExerciseLog.objects.create(prescription=first, done_on=timezone.localdate())
    one = count()
    for code in ("bridge", "clamshell", "side_lying_leg_raise"):
        extra = PrescriptionFactory(plan=plan, exercise=code)
        ExerciseLog.objects.create(prescription=extra, done_on=timezone.localdate())
    assert count() == one


def test_the_hooks_run_a_fixed_number_of_queries(world, plan, django_assert_num_queries) -> None:
    plan = PlanOfCare.objects.select_related("client", "practice").get(pk=plan.pk)
    for code in ("bridge", "clamshell", "hamstring_stretch"):
        PrescriptionFactory(plan=plan, exercise=code)
    with django_assert_num_queries(4):
        programme_for_plan(plan)
    with django_assert_num_queries(2):
        assert len(programme_for_client(plan)["cards"]) == 3


# -- the client ------------------------------------------------------------------------------


def test_the_client_ticks_today_off_on_their_phone(world, plan, as_client) -> None:
    p = PrescriptionFactory(plan=plan)
    mine = reverse("plans:mine", args=[plan.code])
    html = as_client.get(mine, **PHONE).content.decode()
    assert "Your home exercises" in html
    assert "Hold 30 seconds, 3 times, once a day" in html and "Mark as done" in html
    assert 'alt="Lying figure-4 stretch: line drawing of the position"' in html

    tick_url = reverse("programme:tick", args=[p.code])
    response = as_client.post(tick_url, {"action": "tick", "session": 1, "page": "plan"}, **PHONE)
    assert response.status_code == 302
    assert response["Location"] == f"{mine}#ex-{p.code}"
    assert p.logs.get().done_on == timezone.localdate()
    html = as_client.get(mine, **PHONE).content.decode()
    assert "Done today ✓" in html and 'name="action" value="untick"' in html


def test_a_tick_with_htmx_swaps_the_card(world, plan, as_client) -> None:
    p = PrescriptionFactory(plan=plan, times_per_day=2)
    tick_url = reverse("programme:tick", args=[p.code])
    response = as_client.post(tick_url, {"action": "tick", "session": 2}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="ex-{p.code}"' in html and f'id="tick-{p.code}-2"' in html
    assert "Session 2 done" in html and "Mark session 1 done" in html
    assert "1 of 2 sessions done today" in html

    response = as_client.post(tick_url, {"action": "untick", "session": 2}, **HTMX)
    assert "Not done yet today" in response.content.decode() and not p.logs.exists()


def test_a_refused_tick_says_why(world, plan, as_client) -> None:
    p = PrescriptionFactory(plan=plan)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    tick_url = reverse("programme:tick", args=[p.code])
    response = as_client.post(tick_url, {"action": "tick", "session": 1, "day": tomorrow}, **HTMX)
    assert "hasn&#x27;t come yet" in response.content.decode()
    response = as_client.post(tick_url, {"action": "tick", "session": 1, "day": tomorrow})
    assert response.status_code == 302
    assert "hasn&#x27;t come yet" in as_client.get(response["Location"]).content.decode()
    assert not p.logs.exists()


def test_the_client_reads_how_to_do_an_exercise_and_ticks_it_there(world, plan, as_client) -> None:
    p = PrescriptionFactory(plan=plan, exercise="piriformis_met", hold_seconds=5, reps=5)
    url = reverse("programme:exercise", args=[p.code])
    html = as_client.get(url, **PHONE).content.decode()
    assert "Piriformis muscle-energy technique" in html
    assert "Push for 5 seconds, 5 times, once a day" in html
    assert exercises.BY_CODE["piriformis_met"].steps[2] in html
    response = as_client.post(
        reverse("programme:tick", args=[p.code]),
        {"action": "tick", "session": 1, "page": "exercise"},
    )
    assert response["Location"] == url


def test_another_client_cannot_see_or_tick_my_exercises(world, plan) -> None:
    p = PrescriptionFactory(plan=plan)
    someone = UserFactory()
    ClientFactory(practice=world.practice, user=someone, email=someone.email)
    browser = signed_in(someone, mfa=False)
    tick_url = reverse("programme:tick", args=[p.code])
    assert browser.post(tick_url, {"action": "tick", "session": 1}).status_code == 404
    assert browser.get(reverse("programme:exercise", args=[p.code])).status_code == 404
    therapist = signed_in(world.therapist_user)
    assert therapist.post(tick_url, {"action": "tick", "session": 1}).status_code == 404
    assert not p.logs.exists()


def test_visitors_are_sent_to_log_in(plan, client) -> None:
    p = PrescriptionFactory(plan=plan)
    for response in (
        client.get(reverse("programme:exercise", args=[p.code])),
        client.post(reverse("programme:tick", args=[p.code]), {"action": "tick", "session": 1}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_a_stopped_exercise_leaves_the_client_page(world, plan, as_client) -> None:
    p = PrescriptionFactory(plan=plan)
    p.stopped_at = timezone.now()
    p.save()
    html = as_client.get(reverse("plans:mine", args=[plan.code])).content.decode()
    assert "Your home exercises" not in html
    html = as_client.get(reverse("programme:exercise", args=[p.code])).content.decode()
    assert "Your therapist has stopped this exercise." in html and "Mark as done" not in html
