"""The client's portal home: each section with the client's own things, kind empty states,
nothing of anyone else's, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking.links import manage_token
from easeplan.care.consent import rules as consents
from easeplan.care.models import Consent, Intake
from easeplan.outcomes.checkins.links import checkin_token
from easeplan.outcomes.models import CheckIn
from easeplan.portal.models import Message

from ..conftest import World, page_text, signed_in
from ..factories import (
    AppointmentFactory,
    ClientFactory,
    PlanOfCareFactory,
    PracticeFactory,
    PrescriptionFactory,
    ServiceFactory,
    TherapistFactory,
    UserFactory,
)
from ..outcomes.progress_helpers import check_in, pain

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)  # a Friday, noon in London
DAY = dt.timedelta(days=1)
HTMX = {"HTTP_HX_REQUEST": "true"}
HOME = "/account/"


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World):  # type: ignore[no-untyped-def]
    service = world.practice.services.get()
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist, service=service
    )


def visit(world: World, starts_at: dt.datetime, **kwargs):  # type: ignore[no-untyped-def]
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=starts_at,
        **kwargs,
    )


def home(user) -> str:  # type: ignore[no-untyped-def]
    response = signed_in(user, mfa=False).get(reverse("account_home"))
    assert response.status_code == 200
    return page_text(response)


def test_the_home_is_the_account_page() -> None:
    assert reverse("account_home") == HOME


def test_signing_in_is_needed(client, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# -- empty states -----------------------------------------------------------------------------


def test_a_brand_new_client_gets_a_kind_welcome_and_a_way_to_book(db) -> None:  # type: ignore[no-untyped-def]
    PracticeFactory()  # of an installation that is set up, before their first booking
    text = home(UserFactory(full_name="Nell Okonkwo"))
    assert "Hello, Nell" in text
    assert "Welcome! Once you book a visit" in text
    assert "You have no visit booked." in text and reverse("booking:book") in text
    assert "No plan yet." in text
    absent_sections = (
        "new message",
        "check-in is waiting",
        "Today's home exercises",
        "Treatment consent",
    )
    for absent in absent_sections:
        assert absent not in text
    assert "Two-factor authentication</a> — off" in text


def test_a_client_without_visits_or_plans_sees_their_forms_to_do(world: World) -> None:
    text = home(world.client_user)
    assert "Welcome!" not in text
    assert "You have no visit booked." in text
    assert "Health questions (intake)</a> — <strong>not completed yet</strong>" in text
    assert text.count("not signed yet") == len(consents.KINDS)
    assert "Read and sign your consents" in text
    assert "How you're getting on" not in text  # no plan, so no progress box


# -- the next visit -------------------------------------------------------------------------


def test_the_next_visit_shows_when_and_a_working_move_or_cancel_link(world: World) -> None:
    later = visit(world, NOW + 10 * DAY)
    nearest = visit(world, dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC))
    visit(world, NOW - 2 * DAY)  # past
    visit(world, NOW + 4 * DAY, status="cancelled")
    text = home(world.client_user)

    card = text[text.index("Your next visit") : text.index("Your plan")]
    assert "Monday 23 November</strong> at <strong>10:00" in card
    assert "Treatment, 60 minutes with Dana Whitlockova at Riverside Massage" in card
    assert "1 more visit booked" in card and "Monday 30 November, 12:00" in card
    assert "Tuesday 24 November" not in card  # the cancelled visit
    nearest_link = card.split('class="btn outline" href="')[1].split('"')[0]
    assert nearest_link == reverse("booking:manage", args=[manage_token(nearest)])
    browser = signed_in(world.client_user, mfa=False)
    manage = page_text(browser.get(nearest_link))
    assert "Monday 23 November 2026, 10:00" in manage and "Move" in manage
    assert later.code not in card  # links are signed tokens, never the bare code


# -- check-ins -------------------------------------------------------------------------------


def test_no_check_in_shows_when_none_is_due(world: World) -> None:
    visit(world, NOW + 3 * DAY)  # its check-in opens a day before
    CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        kind=CheckIn.Kind.WEEKLY,
        sent_at=NOW - 8 * DAY,
        expires_at=NOW - DAY,
    )
    assert "check-in is waiting" not in home(world.client_user)


def test_the_visit_check_in_shows_on_the_day_until_it_is_done(world: World) -> None:
    soon = visit(world, NOW + dt.timedelta(hours=3))
    text = home(world.client_user)
    assert "A check-in is waiting for you" in text
    assert "Before your visit: a 1-minute check-in" in text
    assert reverse("outcomes:visit", args=[soon.code]) in text
    assert "ready for your visit on Friday 20 November at 15:00" in text

    CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        appointment=soon,
        kind=CheckIn.Kind.VISIT,
        completed_at=NOW,
    )
    assert "check-in is waiting" not in home(world.client_user)


def test_an_open_weekly_check_in_is_waiting_with_its_link(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    weekly = CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        plan=plan,
        kind=CheckIn.Kind.WEEKLY,
        sent_at=NOW - DAY,
        expires_at=NOW + 6 * DAY,
    )
    text = home(world.client_user)
    url = reverse("outcomes:weekly", args=[checkin_token(weekly)])
    assert "Your weekly check-in is waiting" in text and url in text
    assert "Open until Thursday 26 November" in text
    form = signed_in(world.client_user, mfa=False).get(url)
    assert form.status_code == 200

    weekly.completed_at = NOW
    weekly.save(update_fields=["completed_at"])
    assert "Your weekly check-in is waiting" not in home(world.client_user)


# -- plans ----------------------------------------------------------------------------------


def test_the_plan_says_which_visit_comes_next_and_offers_to_book_the_rest(
    world: World, plan
) -> None:  # type: ignore[no-untyped-def]
    for days in (-14, -7):
        visit(world, NOW + days * DAY, plan=plan)
    visit(world, NOW + 7 * DAY, plan=plan)
    text = home(world.client_user)
    assert "Your plan</h2>" in text
    assert "Visit 3 of 5" in text
    assert 'value="2" max="5"' in text
    assert reverse("plans:mine", args=[plan.code]) in text
    assert reverse("progress:mine", args=[plan.code]) in text
    assert "Book your remaining 2 visits" in text
    assert reverse("series:mine", args=[plan.code]) in text


def test_a_plan_that_cannot_be_booked_online_has_no_booking_button(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    plan.service = None
    plan.save(update_fields=["service"])
    text = home(world.client_user)
    assert "Visit 1 of 5" in text and "Book your remaining" not in text


def test_plans_at_several_practices_show_under_each_practice(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    elsewhere = ClientFactory(
        practice=world.other_practice, user=world.client_user, email=world.client_user.email
    )
    PlanOfCareFactory(practice=world.other_practice, client=elsewhere, condition="hip")
    text = home(world.client_user)
    assert "Your plans</h2>" in text
    hilltop, riverside = text.index("At Hilltop Clinic"), text.index("At Riverside Massage")
    assert hilltop < text.index("Hip pain") < riverside < text.index("Piriformis syndrome")
    assert "Your health questions and consents at Hilltop Clinic" in text
    assert "Your health questions and consents at Riverside Massage" in text


# -- exercises ----------------------------------------------------------------------------


def test_todays_exercises_can_be_ticked_from_the_home(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    exercise = PrescriptionFactory(plan=plan, times_per_day=2)
    PrescriptionFactory(plan=plan, exercise="piriformis_met", stopped_at=NOW - DAY)
    text = home(world.client_user)
    assert "Today's home exercises" in text
    assert "Lying figure-4 stretch" in text and "muscle-energy" not in text
    assert "Mark session 1 done" in text and "Not done yet today." in text

    browser = signed_in(world.client_user, mfa=False)
    tick = reverse("programme:tick", args=[exercise.code])
    assert f'hx-post="{tick}"' in text
    swapped = page_text(browser.post(tick, {"action": "tick", "session": 1}, **HTMX))
    assert "Session 1 done" in swapped and "<html" not in swapped
    # Without JavaScript the form posts and comes back to the home, at the exercise.
    assert 'name="page" value="home"' in text
    response = browser.post(tick, {"action": "tick", "session": 2, "page": "home"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_home") + f"#ex-{exercise.code}"
    assert "Done today ✓" in page_text(browser.get(response["Location"]))

    text = home(world.client_user)
    assert "All done for today. Well done!" in text and "Done today ✓" in text


# -- progress chart --------------------------------------------------------------------------


def test_the_chart_shows_pain_and_activities_in_words_and_a_table(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    for weeks, sitting in ((3, 7), (2, 5), (1, 3)):
        activities = {"psfs": {"sit-through-a-film": 6 - weeks, "run-5-km": 2}}
        answers = pain(sitting) | {"sleep": {"sleep": 8 - weeks}} | activities
        check_in(plan, NOW - weeks * 7 * DAY, answers)
    response = signed_in(world.client_user, mfa=False).get(HOME)
    text = page_text(response)

    assert "How you're getting on" in text
    assert "Your sitting pain is down from 7 to 3 — that is a meaningful change." in text
    assert "Your activities score is up" in text
    assert "Your sleep" not in text  # the home shows pain and activities; sleep is a link away
    data = json.loads(
        text.split('id="home-progress-data" type="application/json">')[1].split("<")[0]
    )
    assert [line["label"] for line in data["lines"]] == ["Sitting", "Activities (PSFS)"]
    assert [p["y"] for p in data["lines"][0]["points"]] == [7.0, 5.0, 3.0]
    assert (
        '<caption class="visually-hidden">Your pain and activities scores by date</caption>' in text
    )
    assert '<th scope="row">30 Oct 2026</th><td>7</td>' in text
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in text
    assert reverse("progress:mine", args=[plan.code]) in text


def test_before_the_first_check_in_the_progress_box_says_what_will_come(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    text = home(world.client_user)
    assert "After your first check-in you'll see your progress here" in text
    assert "chart.umd.min.js" not in text


# -- health questions and consents ----------------------------------------------------------


def sign(world: World, kind: str, **kwargs) -> Consent:  # type: ignore[no-untyped-def]
    text = consents.current_text(kind)
    return Consent.objects.create(
        practice=world.practice,
        client=world.client,
        kind=kind,
        version=text.version,
        text=text.as_text(),
        choice=text.options[0].code if text.options else "",
        typed_name="Ada Quillfeather",
        signed_at=NOW - DAY,
        **kwargs,
    )


def test_each_consent_shows_signed_withdrawn_or_needed(world: World) -> None:
    sign(world, consents.TREATMENT)
    sign(world, consents.PRIVACY, revoked_at=NOW)
    Intake.objects.create(
        practice=world.practice, client=world.client, answers={}, submitted_at=NOW - DAY
    )
    text = home(world.client_user)
    assert "Treatment consent — signed 19 Nov 2026" in text
    assert "Privacy consent — <strong>withdrawn</strong>" in text
    assert "Gluteal work consent — <strong>not signed yet</strong>" in text
    assert "Health questions (intake)</a> — completed 19 Nov 2026" in text
    assert reverse("consents:client_consents", args=[world.client.code]) in text


def test_with_every_consent_signed_nothing_is_asked(world: World) -> None:
    for kind in consents.KINDS:
        sign(world, kind)
    text = home(world.client_user)
    assert "not signed yet" not in text and "Read and sign" not in text
    assert ">Your consents<" in text


# -- messages ---------------------------------------------------------------------------------


def message(client, subject: str, **kwargs) -> Message:  # type: ignore[no-untyped-def]
    return Message.objects.create(
        practice=client.practice, client=client, subject=subject, body="Words.", **kwargs
    )


def test_unread_messages_come_first_with_their_count(world: World) -> None:
    message(world.client, "Parking on Friday", sent_at=NOW - DAY)
    message(world.client, "New opening hours", sent_at=NOW - 2 * DAY)
    message(world.client, "Old news", read_at=NOW - DAY)
    text = home(world.client_user)
    assert "2 new messages for you" in text
    assert text.index("2 new messages") < text.index("Your next visit")
    assert text.index("Parking on Friday") < text.index("New opening hours")
    assert "Old news" not in text
    assert "Messages from your practice</a> — 2 new" in text


def test_without_unread_messages_only_the_link_shows(world: World) -> None:
    message(world.client, "Old news", read_at=NOW - DAY)
    text = home(world.client_user)
    assert "new message" not in text and "Old news" not in text
    assert reverse("portal:messages") in text


# -- nobody else's things --------------------------------------------------------------------


def test_no_data_of_other_clients_shows(world: World) -> None:
    theirs = PlanOfCareFactory(
        practice=world.practice, client=world.another_client, condition="upper_leg"
    )
    AppointmentFactory(
        practice=world.practice, client=world.another_client, therapist=world.therapist
    )
    PrescriptionFactory(plan=theirs, exercise="piriformis_met")
    message(world.another_client, "Bram's secret subject")
    message(world.other_client, "Cyd's secret subject")
    CheckIn.objects.create(
        practice=world.practice,
        client=world.another_client,
        kind=CheckIn.Kind.WEEKLY,
        sent_at=NOW,
        expires_at=NOW + DAY,
    )
    text = home(world.client_user)
    for theirs_text in (
        "Upper leg",
        "secret subject",
        "new message",
        "check-in is waiting",
        "muscle-energy",
        "Vossbergen",
        "Marlowicz",
        world.another_client.code,
        "Hilltop Clinic",
    ):
        assert theirs_text not in text
    assert "You have no visit booked." in text


# -- speed ------------------------------------------------------------------------------------


def a_full_life(world: World, n: int) -> None:
    """n plans (at two practices), each with visits, exercises, check-ins and messages."""
    elsewhere = ClientFactory(
        practice=world.other_practice, user=world.client_user, email=world.client_user.email
    )
    other_therapist = TherapistFactory(practice=world.other_practice)
    other_service = ServiceFactory(practice=world.other_practice)
    conditions = ["piriformis", "low_back", "hip", "upper_leg", "other"]
    for i in range(n):
        record, practice = (
            (world.client, world.practice) if i % 2 == 0 else (elsewhere, world.other_practice)
        )
        therapist = world.therapist if i % 2 == 0 else other_therapist
        service = world.practice.services.get() if i % 2 == 0 else other_service
        plan = PlanOfCareFactory(
            practice=practice,
            client=record,
            therapist=therapist,
            service=service,
            condition=conditions[i % len(conditions)],
            status="active" if i < 5 else "paused",
        )
        for days in (-7, 1, 8 + i):
            AppointmentFactory(
                practice=practice,
                client=record,
                therapist=therapist,
                service=service,
                plan=plan,
                # an hour apart per plan: one therapist's visits never overlap (PostgreSQL)
                starts_at=NOW + days * DAY + dt.timedelta(hours=i),
            )
        AppointmentFactory(
            practice=practice,
            client=record,
            therapist=therapist,
            service=service,
            starts_at=NOW + dt.timedelta(hours=2 + i * 3),
        )
        PrescriptionFactory(plan=plan)
        PrescriptionFactory(plan=plan, exercise="piriformis_met", times_per_day=2)
        check_in(plan, NOW - (i + 1) * DAY, pain(5, now=4))
        CheckIn.objects.create(
            practice=practice,
            client=record,
            plan=plan,
            kind=CheckIn.Kind.WEEKLY,
            sent_at=NOW - DAY,
            expires_at=NOW + 6 * DAY,
        )
        message(record, f"Note {i}")
        message(record, f"Read note {i}", read_at=NOW)
        sign(world, consents.TREATMENT) if i % 2 == 0 else None


@pytest.mark.parametrize("n", [1, 6])
def test_the_home_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, n: int, django_assert_max_num_queries
) -> None:
    a_full_life(world, n)
    browser = signed_in(world.client_user, mfa=False)
    browser.get(HOME)  # warm the session

    with django_assert_max_num_queries(17):
        response = browser.get(HOME)

    text = page_text(response)
    assert "Visit 2 of 5" in text
    assert f"{n} new message" in text
    assert text.count("Your weekly check-in is waiting") == n


def test_the_home_shows_times_in_the_practices_zone(world: World) -> None:
    world.practice.time_zone = "America/New_York"
    world.practice.save(update_fields=["time_zone"])
    visit(world, dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC))
    assert "Monday 23 November</strong> at <strong>10:00" in home(world.client_user)


def test_dates_of_messages_consents_and_intake_follow_the_practices_zone(world: World) -> None:
    world.practice.time_zone = "Pacific/Auckland"  # UTC+13: noon on the 19th is the 20th there
    world.practice.save(update_fields=["time_zone"])
    message(world.client, "Parking on Friday", sent_at=NOW - DAY)
    sign(world, consents.TREATMENT)
    Intake.objects.create(
        practice=world.practice, client=world.client, answers={}, submitted_at=NOW - DAY
    )
    text = home(world.client_user)
    assert "from Riverside Massage, 20 Nov" in text
    assert "Treatment consent — signed 20 Nov 2026" in text
    assert "Health questions (intake)</a> — completed 20 Nov 2026" in text


def test_a_held_client_is_told_online_booking_is_paused(world: World) -> None:
    from easeplan.screening.holds import services as holds

    holds.raise_hold(world.client, holds.Source.INTAKE, ["weight_loss"], actor=None)
    page = signed_in(world.client_user, mfa=False).get(reverse("account_home"))
    assert "Online booking is paused" in page_text(page)
    assert "Riverside Massage will contact you" in page_text(page)
    holds.clear_holds(world.client, "GP: fine.", actor=world.owner)
    page = signed_in(world.client_user, mfa=False).get(reverse("account_home"))
    assert "Online booking is paused" not in page_text(page)
