"""Check-in pages: the client's phone, the therapist's tablet, the weekly email link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.outcomes.checkins import links, services
from easeplan.outcomes.models import CheckIn, Response

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory, ClientFactory, PlanOfCareFactory, UserFactory
from .answers import FORM, NOW

pytestmark = pytest.mark.django_db


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
    fields = {"practice": world.practice, "therapist": world.therapist, "client": world.client}
    return AppointmentFactory(
        **(fields | extra), plan=plan, starts_at=NOW + dt.timedelta(hours=hours)
    )


@pytest.fixture
def visit(world: World, plan) -> Appointment:  # type: ignore[no-untyped-def]
    return visit_in(world, plan, 2)


def mine(visit: Appointment) -> str:
    return reverse("outcomes:visit", args=[visit.code])


def tablet(visit: Appointment) -> str:
    return reverse("outcomes:staff_visit", args=[visit.code])


@pytest.fixture
def ada(world: World):  # type: ignore[no-untyped-def]
    return signed_in(world.client_user, mfa=False)


@pytest.fixture
def dana(world: World):  # type: ignore[no-untyped-def]
    return signed_in(world.therapist_user)


# The client's phone ------------------------------------------------------------------------


def test_a_client_checks_in_before_their_visit(world: World, visit, ada) -> None:
    page = text(ada.get(mine(visit)))
    assert "Before your visit" in page
    assert "Tuesday 3 November at 14:00 with Dana Whitlockova" in page
    response = ada.post(mine(visit), FORM)
    assert response.status_code == 302
    assert response["Location"] == mine(visit)
    checkin = CheckIn.objects.get(appointment=visit)
    assert (checkin.completed_at, checkin.entered_by, checkin.kind) == (NOW, None, "visit")
    scores = dict(Response.objects.filter(checkin=checkin).values_list("instrument", "score"))
    assert scores == {
        "nprs-now": 5,
        "nprs-worst-24h": 7,
        "nprs-sitting": 6,
        "psfs": 4,
        "sleep": 4,
        "mood": 3,
    }
    thanked = text(ada.get(mine(visit)))
    assert "Thank you — your check-in is in." in thanked
    assert "<form" not in thanked.split("<main")[1]


def test_each_rating_is_a_row_of_eleven_choices_with_its_anchor_words(visit, ada) -> None:
    page = text(ada.get(mine(visit)))
    now_pain = re.findall(r'<input type="radio" name="nprs-now__nprs-now" value="(\w+)"', page)
    assert now_pain == [str(n) for n in range(11)]  # must be answered: no skip
    assert "<legend>How bad is your pain right now?</legend>" in page
    assert "0 = no pain" in page and "10 = worst pain imaginable" in page
    assert '<span class="visually-hidden"> (no pain)</span>' in page
    running = re.findall(r'name="nprs-running__nprs-running" value="(\w+)"', page)
    assert running == [*(str(n) for n in range(11)), "skip"]
    assert "I didn't do this in the last week" in page
    assert "<legend>Sit through a film</legend>" in page
    assert "0 = unable to do it" in page
    assert "Stratford P, Gill C, Westaway M, Binkley J" in page  # the PSFS's source
    assert 'name="groc__groc"' not in page  # nothing to compare with before a first visit


def test_after_a_first_visit_it_asks_the_change_since_treatment_began(world, plan, ada) -> None:
    visit_in(world, plan, -7 * 24)
    visit = visit_in(world, plan, 2)
    page = text(ada.get(mine(visit)))
    groc = re.findall(r'name="groc__groc" value="(-?\d+)"', page)
    assert groc == [str(n) for n in range(-7, 8)]
    assert "+5 Quite a bit better" in page and "-7 A very great deal worse" in page
    assert "Since your treatment began, how has your condition changed overall?" in page


def test_a_low_back_plan_shows_the_rmdq_as_a_tick_list(world: World, ada) -> None:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client, condition="low_back")
    visit = visit_in(world, plan, 2)
    page = text(ada.get(mine(visit)))
    assert page.count('type="checkbox" name="rmdq-24"') == 24
    assert "Tick the sentences that describe you today" in page
    assert "Roland M, Morris R." in page
    ticked = FORM | {"rmdq-24": ["q1", "q13"]}
    assert ada.post(mine(visit), ticked).status_code == 302
    rmdq = Response.objects.get(instrument="rmdq-24")
    assert rmdq.score == 2 and rmdq.answers["q2"] == 0  # unticked is no


def test_missing_answers_are_listed_and_nothing_is_saved(visit, ada) -> None:
    response = ada.post(mine(visit), {k: v for k, v in FORM.items() if k != "mood__mood"})
    assert response.status_code == 400
    page = text(response)
    assert "Some answers are missing." in page
    assert (
        "Choose a number from 0 to 10 for “How much did the pain affect your mood this week?”"
        in page
    )
    assert re.search(r'name="nprs-now__nprs-now" value="5"[^>]*checked', page)  # kept
    assert not CheckIn.objects.exists() and not Response.objects.exists()


def test_a_second_submit_says_it_is_already_in(visit, ada) -> None:
    ada.post(mine(visit), FORM)
    response = ada.post(mine(visit), FORM | {"nprs-now__nprs-now": "1"}, follow=True)
    assert "Thank you — this check-in is already in." in text(response)
    assert Response.objects.get(instrument="nprs-now").score == 5


def test_the_check_in_opens_a_day_before_the_visit(world: World, plan, ada) -> None:
    later = visit_in(world, plan, 48)
    page = text(ada.get(mine(later)))
    assert "opens a day before it: on Wednesday 4 November at 12:00" in page
    assert 'name="nprs-now__nprs-now"' not in page
    assert ada.post(mine(later), FORM).status_code == 409
    assert not Response.objects.exists()


def test_no_one_else_can_open_a_clients_check_in(world: World, visit, client) -> None:
    assert client.get(mine(visit))["Location"].startswith(reverse("account_login"))
    theirs = AppointmentFactory(practice=world.practice, client=world.another_client)
    assert signed_in(world.client_user).get(mine(theirs)).status_code == 404
    for user in (world.therapist_user, world.owner, UserFactory()):
        assert signed_in(user).get(mine(visit)).status_code == 404
        assert signed_in(user).post(mine(visit), FORM).status_code == 404
    assert not Response.objects.exists()


def test_the_plan_page_offers_the_check_in_on_the_day_of_a_visit(world, plan, visit, ada) -> None:
    plan_page = reverse("plans:mine", args=[plan.code])
    page = text(ada.get(plan_page))
    assert "Before your visit: a 1-minute check-in" in page
    assert mine(visit) in page
    ada.post(mine(visit), FORM)
    assert "Before your visit" not in text(ada.get(plan_page))


def test_the_plan_page_offers_no_check_in_before_the_day(world, plan, ada) -> None:
    visit_in(world, plan, 24)  # tomorrow
    assert "Before your visit" not in text(ada.get(reverse("plans:mine", args=[plan.code])))


def test_the_form_page_runs_the_same_queries_for_a_short_or_long_plan(
    world: World, ada, django_assert_max_num_queries
) -> None:
    short = PlanOfCareFactory(practice=world.practice, client=world.client, goals=["Sit"])
    visit_in(world, short, -48)
    with django_assert_max_num_queries(20) as one:
        ada.get(mine(visit_in(world, short, 2)))
    goals = ["Sit", "Run", "Cycle", "Climb stairs", "Garden"]
    long = PlanOfCareFactory(
        practice=world.practice, client=world.client, goals=goals, condition="low_back"
    )
    for days in range(2, 7):
        visit_in(world, long, -24 * days - 5)
    with django_assert_max_num_queries(len(one.captured_queries)) as five:
        page = text(ada.get(mine(visit_in(world, long, 4))))
    assert "<legend>Garden</legend>" in page
    assert len(five.captured_queries) == len(one.captured_queries)


# The therapist's tablet ------------------------------------------------------------------


def test_the_therapist_enters_the_check_in_on_the_tablet(world: World, visit, dana) -> None:
    page = text(dana.get(tablet(visit)))
    assert "Hand the tablet to Ada" in page
    viewed = AuditEvent.objects.get(action="outcomes.checkin.viewed")
    assert (viewed.actor, viewed.object_id) == (world.therapist_user, visit.code)
    response = dana.post(tablet(visit), FORM, follow=True)
    assert response.redirect_chain[-1][0] == reverse("visits:detail", args=[visit.code])
    assert "Check-in saved. Pain now 5/10." in text(response)
    checkin = CheckIn.objects.get(appointment=visit)
    assert checkin.entered_by == world.therapist_user
    completed = AuditEvent.objects.get(action="outcomes.checkin.completed")
    assert (completed.actor, completed.data["entered_by_staff"]) == (world.therapist_user, True)


def test_clinicians_see_the_answers_once_they_are_in_and_it_is_audited(
    world: World, visit, ada
) -> None:
    ada.post(mine(visit), FORM)
    owner = signed_in(world.owner)
    page = text(owner.get(tablet(visit)))
    assert "Check-in completed" in page and "by Ada" in page
    assert "Pain now 5/10, worst in 24 h 7/10" in page
    assert 'name="nprs-now__nprs-now"' not in page
    viewed = AuditEvent.objects.get(action="outcomes.checkin.viewed")
    checkin = CheckIn.objects.get(appointment=visit)
    assert (viewed.actor, viewed.object_id, viewed.data["completed"]) == (
        world.owner,
        checkin.code,
        True,
    )


def test_the_visit_page_links_clinicians_to_the_check_in(world: World, visit, dana) -> None:
    page = text(dana.get(reverse("visits:detail", args=[visit.code])))
    assert tablet(visit) in page and "Check-in before the session" in page
    front_desk = signed_in(world.front_desk)
    assert tablet(visit) not in text(front_desk.get(reverse("visits:detail", args=[visit.code])))
    dana.post(tablet(visit), FORM)
    assert "Check-in answers" in text(dana.get(reverse("visits:detail", args=[visit.code])))


def test_another_practice_never_sees_the_check_in(world: World, visit) -> None:
    outsider = signed_in(world.other_owner)
    assert outsider.get(tablet(visit)).status_code == 404
    assert outsider.post(tablet(visit), FORM).status_code == 404
    assert not CheckIn.objects.exists()


# The weekly email link -------------------------------------------------------------------


@pytest.fixture
def weekly(world: World, plan) -> CheckIn:  # type: ignore[no-untyped-def]
    visit_in(world, plan, -5 * 24)  # a visit with a date the page must not show
    visit_in(world, plan, 3 * 24)
    return CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        plan=plan,
        kind="weekly",
        sent_at=NOW - dt.timedelta(days=1),
        expires_at=NOW + dt.timedelta(days=6),
    )


def weekly_url(checkin: CheckIn) -> str:
    return reverse("outcomes:weekly", args=[links.checkin_token(checkin)])


def assert_shows_nothing_else(world: World, page: str) -> None:
    for private in (
        world.client.last_name,
        world.client.email,
        world.another_client.last_name,
        world.therapist.display_name,
        "November",  # no visit dates
        "Nov",
    ):
        assert private not in page


def test_a_fresh_link_opens_the_form_for_that_one_check_in(world: World, weekly, client) -> None:
    response = client.get(weekly_url(weekly))
    assert response.status_code == 200
    page = text(response)
    assert "How has your week been?" in page
    assert "Hello Ada." in page and "Piriformis syndrome" in page
    assert 'name="nprs-now__nprs-now"' in page
    assert 'name="groc__groc"' in page  # a visit took place: change since it began
    assert_shows_nothing_else(world, page)
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_answers_are_recorded_without_a_password(world: World, weekly, client) -> None:
    response = client.post(weekly_url(weekly), FORM | {"groc__groc": "2"})
    assert response["Location"] == reverse("outcomes:weekly_thanks")
    weekly.refresh_from_db()
    assert weekly.completed_at == NOW and weekly.entered_by is None
    assert Response.objects.get(checkin=weekly, instrument="groc").score == 2
    event = AuditEvent.objects.get(action="outcomes.checkin.completed")
    assert (event.actor, event.object_id) == (None, weekly.code)
    thanks = text(client.get(response["Location"]))
    assert "Thank you — your answers are in" in thanks
    assert reverse("account_login") in thanks
    assert "Hello Ada" not in thanks
    assert_shows_nothing_else(world, thanks)


def test_a_used_link_says_so_and_nothing_else(world: World, weekly, client) -> None:
    client.post(weekly_url(weekly), FORM | {"groc__groc": "2"})
    response = client.get(weekly_url(weekly))
    assert response.status_code == 200
    page = text(response)
    assert "Thank you — this check-in is already in." in page
    assert "Hello Ada" not in page and "Piriformis syndrome" not in page
    assert "<form method" not in page
    assert_shows_nothing_else(world, page)
    again = client.post(weekly_url(weekly), FORM | {"groc__groc": "-3"})
    assert "already in" in text(again)
    assert Response.objects.get(instrument="groc").score == 2


def test_an_expired_link_says_so_and_shows_no_data(world: World, weekly, client) -> None:
    weekly.expires_at = NOW
    weekly.save()
    response = client.get(weekly_url(weekly))
    assert response.status_code == 410
    page = text(response)
    assert "This link has expired." in page
    assert "Hello Ada" not in page and "Piriformis syndrome" not in page
    assert "<form method" not in page
    assert client.post(weekly_url(weekly), FORM).status_code == 410
    assert not Response.objects.exists()


def test_a_changed_link_is_not_found(world: World, weekly, client) -> None:
    token = links.checkin_token(weekly)
    assert client.get(reverse("outcomes:weekly", args=[token[:-1] + "x"])).status_code == 404
    assert client.get(reverse("outcomes:weekly", args=["nonsense"])).status_code == 404
    other = signing.Signer(salt="easeplan.booking.manage-visit").sign_object(weekly.code)
    assert client.get(reverse("outcomes:weekly", args=[other])).status_code == 404
    # A visit's check-in can't be opened as a weekly one, even with a good signature.
    visit_checkin = services.visit_checkin(visit_in(world, weekly.plan, 2))
    assert client.get(weekly_url(visit_checkin)).status_code == 404


def test_a_weekly_check_in_with_missing_answers_is_not_saved(weekly, client) -> None:
    response = client.post(weekly_url(weekly), {"nprs-now__nprs-now": "12"})
    assert response.status_code == 400
    assert "Choose a number from 0 to 10 for “How bad is your pain right now?”" in text(response)
    weekly.refresh_from_db()
    assert weekly.completed_at is None and not Response.objects.exists()


def test_the_weekly_page_shows_nothing_of_another_client(world: World, client) -> None:
    """Same first name, other client: still only what the token names."""
    other = ClientFactory(practice=world.practice, first_name="Zebedee", last_name="Oakhart")
    plan = PlanOfCareFactory(practice=world.practice, client=other, condition="hip")
    theirs = CheckIn.objects.create(
        practice=world.practice,
        client=other,
        plan=plan,
        kind="weekly",
        sent_at=NOW,
        expires_at=NOW + dt.timedelta(days=7),
    )
    page = text(client.get(weekly_url(theirs)))
    assert "Hello Zebedee." in page and "Hip pain" in page
    assert "Oakhart" not in page and "Hello Ada" not in page and "Quillfeather" not in page
