"""The plan pages: create from an assessment, the plan hub, status, review and discharge,
and the client's own view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import Intake, PlanOfCare

from ...conftest import World, signed_in
from ...factories import (
    AppointmentFactory,
    AssessmentFactory,
    PlanOfCareFactory,
    SessionNoteFactory,
)

Status = PlanOfCare.Status


def plan_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "condition": "piriformis",
        "condition_detail": "left side",
        "goals": "Sit through a film\nRun 5 km without buttock pain",
        "visits_planned": "5",
        "weeks": "4",
        "starts_on": timezone.localdate().isoformat(),
        "baseline_pain": "7",
        "activate": "1",
    }
    data.update(changes)
    return data


def test_a_therapist_starts_a_plan_from_an_assessment(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    url = reverse("plans:new", args=[world.client.code]) + f"?assessment={assessment.code}"
    page = browser.get(url)
    assert "5" in page.content.decode()  # the default number of visits
    response = browser.post(url, plan_form())
    plan = world.client.plans.get()
    assert response["Location"] == reverse("plans:detail", args=[plan.code])
    assert plan.status == Status.ACTIVE
    assert plan.assessment == assessment
    assert plan.goals == ["Sit through a film", "Run 5 km without buttock pain"]
    assert plan.frequency_days == 7  # 5 visits over 4 weeks
    assert plan.review_on == timezone.localdate() + dt.timedelta(weeks=4)


def test_active_clients_get_glute_work_in_every_session_by_default(world: World) -> None:
    Intake.objects.create(
        practice=world.practice,
        client=world.client,
        answers={"activities": ["running"], "goals": "Run a half marathon in spring"},
        submitted_at=timezone.now(),
    )
    page = signed_in(world.therapist_user).get(reverse("plans:new", args=[world.client.code]))
    form = page.context["form"]
    assert form.initial["glute_work_every_session"] is True
    assert "Run a half marathon in spring" in page.content.decode()


def test_other_clients_start_without_the_glute_template(world: World) -> None:
    page = signed_in(world.therapist_user).get(reverse("plans:new", args=[world.client.code]))
    assert page.context["form"].initial["glute_work_every_session"] is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"goals": "  \n "}, "at least one activity"),
        ({"goals": "a\nb\nc\nd\ne\nf"}, "Keep to 5 activities (you wrote 6)"),
        ({"frequency_days": "14"}, "5 visits every 14 days take 56 days, longer than 4 weeks"),
        ({"visits_planned": "0"}, "greater than or equal to 1"),
        ({"review_on": "2000-01-01"}, "The review can&#x27;t come before the plan starts"),
    ],
)
def test_a_bad_plan_gets_a_specific_message_and_saves_nothing(
    world: World, changes: dict[str, object], message: str
) -> None:
    browser = signed_in(world.therapist_user)
    response = browser.post(reverse("plans:new", args=[world.client.code]), plan_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not world.client.plans.exists()


def test_a_second_active_plan_for_the_same_condition_is_refused_in_words(world: World) -> None:
    PlanOfCareFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    response = browser.post(reverse("plans:new", args=[world.client.code]), plan_form())
    assert response.status_code == 400
    assert "already has an active plan for piriformis syndrome" in response.content.decode()
    assert world.client.plans.count() == 1


def add_visits(world: World, plan: PlanOfCare, days: list[int], hours: int = 0) -> None:
    now = timezone.now() + dt.timedelta(hours=hours)
    for d in days:
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=now + dt.timedelta(days=d),
        )


def test_the_plan_page_shows_where_the_client_is(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    add_visits(world, plan, [-7, 1])
    page = signed_in(world.therapist_user).get(reverse("plans:detail", args=[plan.code]))
    text = page.content.decode()
    assert "Visit 2 of 5" in text
    assert "2 of 5 visits booked" in text  # one done, one coming
    assert "Book the remaining 3 visits" in text
    assert "Sit through a film" in text
    assert AuditEvent.objects.filter(action="care.plan.viewed", object_id=plan.code).exists()


def test_the_plan_page_runs_the_same_queries_with_more_visits(
    world: World, django_assert_max_num_queries
) -> None:
    browser = signed_in(world.therapist_user)
    small = PlanOfCareFactory(practice=world.practice, client=world.client)
    add_visits(world, small, [-7])
    with django_assert_max_num_queries(60) as few:
        browser.get(reverse("plans:detail", args=[small.code]))
    big = PlanOfCareFactory(practice=world.practice, client=world.client, condition="hip")
    add_visits(world, big, [-21, -14, -7, 1, 8], hours=3)
    for visit in big.visits.all()[:3]:
        SessionNoteFactory(appointment=visit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(reverse("plans:detail", args=[big.code]))


def test_the_plan_page_says_when_the_review_is_due(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        review_on=timezone.localdate() - dt.timedelta(days=1),
    )
    page = signed_in(world.therapist_user).get(reverse("plans:detail", args=[plan.code]))
    assert "The review is due" in page.content.decode()


def test_pausing_without_a_reason_changes_nothing(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    url = reverse("plans:status", args=[plan.code])
    page = browser.post(url, {"status": "paused", "reason": ""}, follow=True)
    assert "Say why the plan is paused" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE
    page = browser.post(url, {"status": "paused", "reason": "Away skiing"}, follow=True)
    assert "The plan is now paused" in page.content.decode()
    assert "Away skiing" in page.content.decode()


def test_the_review_suggests_a_doctor_when_pain_barely_changed(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client, baseline_pain=7)
    add_visits(world, plan, [-21, -14, -7])
    last = plan.visits.order_by("-starts_at").first()
    SessionNoteFactory(appointment=last, plan_of_care=plan, pain_today=6)
    page = signed_in(world.therapist_user).get(reverse("plans:review", args=[plan.code]))
    text = page.content.decode()
    assert "Refer to a doctor: little change" in text
    assert "7/10 at the start; 6/10 at the last note" in text
    assert "3 of 5 done" in text


def test_discharge_writes_the_closing_note_on_the_plan(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    url = reverse("plans:review", args=[plan.code])
    refused = browser.post(url, {"action": "discharge", "reason": "Goals met", "closing_note": ""})
    assert refused.status_code == 400
    assert "Write a closing note before discharging" in refused.content.decode()
    page = browser.post(
        url,
        {"action": "discharge", "reason": "Goals met", "closing_note": "Runs 5 km pain-free."},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.status == Status.DISCHARGED
    assert "Runs 5 km pain-free." in page.content.decode()
    assert plan.status_changes.last().reason == "Goals met"


def test_continuing_adds_visits_and_moves_the_review(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    review_on = timezone.localdate() + dt.timedelta(weeks=3)
    signed_in(world.therapist_user).post(
        reverse("plans:review", args=[plan.code]),
        {"action": "extend", "extra_visits": "2", "review_on": review_on.isoformat()},
    )
    plan.refresh_from_db()
    assert (plan.visits_planned, plan.review_on) == (7, review_on)


def test_the_client_sees_their_own_plan_and_what_comes_next(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    add_visits(world, plan, [-7, 3])
    browser = signed_in(world.client_user, mfa=False)
    home = browser.get(reverse("account_home")).content.decode()
    assert reverse("plans:mine", args=[plan.code]) in home
    assert "Visit 2 of 5" in home  # the portal home says it as a sentence
    assert reverse("progress:mine", args=[plan.code]) in home
    page = browser.get(reverse("plans:mine", args=[plan.code])).content.decode()
    assert "Visit 2 of 5" in page
    assert "Move or cancel" in page
    assert "Run 5 km" in page


def test_nobody_else_sees_a_clients_plan(world: World, client) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    url = reverse("plans:mine", args=[plan.code])
    assert client.get(url).status_code == 302  # to sign in
    other = world.another_client
    other.user = world.other_owner
    other.save()
    assert signed_in(world.other_owner).get(url).status_code == 404
    assert signed_in(world.therapist_user).get(url).status_code == 404


def test_the_front_desk_books_a_plans_visits_without_seeing_the_plan(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    page = signed_in(world.front_desk).get(reverse("practice:client", args=[world.client.code]))
    text = page.content.decode()
    assert reverse("series:propose", args=[plan.code]) in text
    assert f'href="{reverse("plans:detail", args=[plan.code])}"' not in text
    assert "Sit through a film" not in text


def test_a_plan_visit_links_to_its_plan_for_clinicians(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, plan=plan
    )
    url = reverse("visits:detail", args=[visit.code])
    assert reverse("plans:detail", args=[plan.code]) in (
        signed_in(world.therapist_user).get(url).content.decode()
    )
    assert reverse("plans:detail", args=[plan.code]) not in (
        signed_in(world.front_desk).get(url).content.decode()
    )


def test_the_review_shows_how_much_of_the_home_programme_was_done(world: World) -> None:
    from easeplan.care.models import ExerciseLog

    from ...factories import PrescriptionFactory

    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    prescription = PrescriptionFactory(
        plan=plan, prescribed_at=timezone.now() - dt.timedelta(days=21), days_per_week=7
    )
    today = timezone.localdate()
    for back in range(1, 8):  # one session a day for the last week, of three weeks due
        ExerciseLog.objects.create(
            prescription=prescription, done_on=today - dt.timedelta(days=back)
        )
    page = signed_in(world.therapist_user).get(reverse("plans:review", args=[plan.code]))
    text = page.content.decode()
    found = re.search(r"(\d+)% of the sessions due were done", text)
    assert found is not None
    assert 25 <= int(found.group(1)) <= 40  # 7 of about 22 days


def test_the_review_says_when_no_exercises_were_prescribed(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    page = signed_in(world.therapist_user).get(reverse("plans:review", args=[plan.code]))
    assert "no exercises prescribed" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_on": "9999-12-25"}, "Choose a start within a year or two of today"),
        ({"review_on": "2031-01-01"}, "Review the plan within two years of its start"),
    ],
)
def test_far_away_dates_are_refused_in_words(
    world: World, changes: dict[str, object], message: str
) -> None:
    browser = signed_in(world.therapist_user)
    response = browser.post(reverse("plans:new", args=[world.client.code]), plan_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not world.client.plans.exists()


def test_discharging_through_the_status_form_needs_the_review(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    page = signed_in(world.therapist_user).post(
        reverse("plans:status", args=[plan.code]),
        {"status": "discharged", "reason": "Goals met"},
        follow=True,
    )
    assert "Discharge from the review, with a closing note" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE


def test_opening_a_plan_to_edit_or_a_new_plan_is_audited(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    browser.get(reverse("plans:edit", args=[plan.code]))
    browser.get(reverse("plans:new", args=[world.client.code]))
    assert AuditEvent.objects.filter(action="care.plan.viewed", object_id=plan.code).exists()
    assert AuditEvent.objects.filter(
        action="care.plan.new_viewed", object_id=world.client.code
    ).exists()


def test_the_status_form_offers_only_where_the_plan_may_go(world: World) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    page = signed_in(world.therapist_user).get(reverse("plans:detail", args=[plan.code]))
    html = page.content.decode()
    offered = re.findall(r'<input type="radio" name="status" value="(\w+)"[^>]*required', html)
    assert offered == ["paused", "completed", "abandoned"]  # discharge goes through the review
    assert '<label for="id_reason">' in html
    assert re.search(r'<textarea name="reason"[^>]*maxlength="500"[^>]*id="id_reason"', html)
