"""The series pages: staff and clients book a plan's visits at once, and shift the rest."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from easeplan.booking import links, services
from easeplan.booking.models import Appointment
from easeplan.care.series import services as series

from ...conftest import World, signed_in
from ...factories import ClientFactory, PlanOfCareFactory, UserFactory, WorkingHoursFactory
from .conftest import LONDON, MONDAY, WEEK, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def propose_url(plan, **query: object) -> str:  # type: ignore[no-untyped-def]
    url = reverse("series:propose", args=[plan.code])
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def mine_url(plan, **query: object) -> str:  # type: ignore[no-untyped-def]
    url = reverse("series:mine", args=[plan.code])
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def chosen(offer: series.SeriesOffer) -> dict[str, str]:
    """The form as the page submits it untouched: each visit's proposed time."""
    return {
        f"visit-{v.number}": v.starts.astimezone(dt.UTC).isoformat()
        for v in offer.visits
        if v.starts is not None
    }


def offer_for(world: World, plan, *, staff: bool = True) -> series.SeriesOffer:  # type: ignore[no-untyped-def]
    return series.proposal_for(
        plan, first_start=at(MONDAY, 9), therapist=world.therapist, service=plan.service,
        staff=staff,
    )  # fmt: skip


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as a person reads it: tags dropped, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


# -- staff -------------------------------------------------------------------------------


def test_staff_see_every_visit_proposed_from_the_plans_start_at_the_first_free_time(
    world: World, plan
) -> None:
    page = signed_in(world.therapist_user).get(propose_url(plan))
    assert page.status_code == 200
    body = text(page)
    for day in ("Monday 9 March", "Monday 16 March", "Monday 23 March", "Monday 30 March"):
        assert f"{day}, 09:00" in body
    assert "Visit 4 of 4" in body
    assert "Same weekday and time" in body


def test_a_therapist_books_the_series_and_lands_on_the_plan_page(
    world: World, plan, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(world.therapist_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(propose_url(plan), chosen(offer_for(world, plan)))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.code])
    assert plan.visits.count() == 4
    assert len(mail.outbox) == 1
    page = browser.get(response["Location"])
    assert "Booked 4 visits for Ada Quillfeather (Mon 9 Mar to Mon 30 Mar)" in text(page)


def test_the_front_desk_books_without_seeing_the_plans_clinical_details(world: World, plan) -> None:
    browser = signed_in(world.front_desk)
    page = browser.get(propose_url(plan))
    body = text(page)
    assert page.status_code == 200
    for clinical in ("Piriformis syndrome", "Sit through a film", "Run 5 km"):
        assert clinical not in body
    assert reverse("plans:detail", args=[plan.code]) not in page.content.decode()
    response = browser.post(propose_url(plan), chosen(offer_for(world, plan)))
    assert response["Location"] == reverse("practice:client", args=[world.client.code])
    assert plan.visits.count() == 4


def test_a_slot_taken_meanwhile_books_nothing_and_shows_a_new_proposal(world: World, plan) -> None:
    browser = signed_in(world.owner)
    choices = chosen(offer_for(world, plan))
    services.book_appointment(
        ClientFactory(practice=world.practice), world.therapist, plan.service,
        at(MONDAY + WEEK, 9), actor=None, staff=True,
    )  # fmt: skip
    response = browser.post(propose_url(plan), choices)
    assert response.status_code == 409
    body = text(response)
    assert (
        "The 09:00 on Mon 16 Mar was just taken, so nothing was booked; here is a new proposal."
        in body
    )
    assert "New proposal" in body
    assert "Monday 16 March, 10:15" in body  # after the other visit and its buffer
    assert not plan.visits.exists()


def test_preferences_and_a_given_time_shape_the_proposal(world: World, plan) -> None:
    page = signed_in(world.owner).get(
        propose_url(
            plan,
            first_day="2026-03-09",
            first_time="14:00",
            therapist=world.therapist.code,
            service=plan.service.code,
            tolerance=1,
        )
    )
    assert page.status_code == 200
    assert "Monday 30 March, 14:00" in text(page)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"first_day": "2026-03-01"},
            "That date has already passed. Please choose today or a later date.",
        ),
        ({"time_from": "12:00", "time_until": "09:00"}, "must be after the start"),
        ({"time_from": "12:00"}, "Give both ends of the preferred times, or neither."),
        ({"tolerance": "9"}, "less than or equal to 7"),
        ({"first_day": "9999-12-25"}, "Please choose a date at most 730 days ahead"),
    ],
)
def test_bad_preferences_say_what_is_wrong(world: World, plan, changes, message) -> None:
    query = {
        "first_day": "2026-03-09",
        "therapist": world.therapist.code,
        "service": plan.service.code,
        "tolerance": 2,
        **changes,
    }
    page = signed_in(world.owner).get(propose_url(plan, **query))
    assert page.status_code == 400
    assert message in text(page)


def test_a_crafted_time_from_year_one_books_nothing(world: World, plan) -> None:
    response = signed_in(world.owner).post(
        propose_url(plan), {"visit-1": "0001-01-01T00:00:00+01:00"}
    )
    assert response.status_code == 400
    assert not plan.visits.exists()


def test_posting_nothing_chosen_books_nothing(world: World, plan) -> None:
    response = signed_in(world.owner).post(propose_url(plan), {"visit-1": ""})
    assert response.status_code == 400
    assert "Choose at least one time to book." in text(response)
    assert not Appointment.objects.exists()


def test_a_fully_booked_or_closed_plan_offers_nothing_to_book(world: World, plan) -> None:
    plan.status = "discharged"
    plan.save()
    page = signed_in(world.owner).get(propose_url(plan))
    assert "This plan is discharged, so no visits can be booked in it." in text(page)
    assert "Book the chosen visits" not in text(page)


def test_another_practices_plan_is_404(world: World) -> None:
    foreign = PlanOfCareFactory(practice=world.other_practice, client=world.other_client)
    assert signed_in(world.owner).get(propose_url(foreign)).status_code == 404


def test_the_proposal_page_runs_the_same_queries_for_two_visits_or_twelve(
    world: World, service, django_assert_max_num_queries
) -> None:
    browser = signed_in(world.owner)
    small = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist,
        service=service, visits_planned=2, starts_on=MONDAY,
    )  # fmt: skip
    large = PlanOfCareFactory(
        practice=world.practice, client=world.another_client, therapist=world.therapist,
        service=service, visits_planned=12, starts_on=MONDAY,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as two:
        assert browser.get(propose_url(small)).status_code == 200
    with django_assert_max_num_queries(len(two)):
        assert browser.get(propose_url(large)).status_code == 200


def test_the_plan_page_counts_the_visits_and_offers_to_book_the_rest(world: World, plan) -> None:
    browser = signed_in(world.therapist_user)
    body = text(browser.get(reverse("plans:detail", args=[plan.code])))
    assert "0 of 4 visits booked" in body
    assert "Book the remaining 4 visits" in body
    series.book_series(
        plan, offer_for(world, plan).starts[:3], therapist=world.therapist,
        service=plan.service, actor=world.owner, staff=True,
    )  # fmt: skip
    body = text(browser.get(reverse("plans:detail", args=[plan.code])))
    assert "3 of 4 visits booked" in body
    assert "Book the remaining 1 visit" in body


# -- the client online -------------------------------------------------------------------


def test_a_client_books_the_rest_of_their_plan_online(
    world: World, plan, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(world.client_user, mfa=False)
    page = browser.get(reverse("plans:mine", args=[plan.code]))
    assert "Book your remaining 4 visits" in text(page)
    page = browser.get(mine_url(plan))
    assert page.status_code == 200
    assert "Monday 9 March, 09:00" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(mine_url(plan), chosen(offer_for(world, plan, staff=False)))
    assert response["Location"] == reverse("plans:mine", args=[plan.code])
    booked = list(plan.visits.all())
    assert len(booked) == 4 and {v.booked_by for v in booked} == {world.client_user}
    (message,) = mail.outbox
    assert reverse("plans:mine", args=[plan.code]) in message.body


def test_a_client_sees_only_their_own_plan(world: World, plan) -> None:
    someone = UserFactory()
    ClientFactory(practice=world.practice, user=someone, email=someone.email)
    assert signed_in(someone, mfa=False).get(mine_url(plan)).status_code == 404
    assert signed_in(world.owner).get(mine_url(plan)).status_code == 404  # staff, not the client
    response = Browser().get(mine_url(plan))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_plan_not_bookable_online_asks_the_client_to_call(world: World, plan, service) -> None:
    service.bookable_online = False
    service.save()
    browser = signed_in(world.client_user, mfa=False)
    body = text(browser.get(reverse("plans:mine", args=[plan.code])))
    assert "please contact Riverside Massage" in body
    page = browser.get(mine_url(plan))
    assert "This service can't be booked online. Please contact us." in text(page)
    assert "Book the chosen visits" not in text(page)


# -- shifting the rest after a move ------------------------------------------------------


@pytest.fixture
def booked(world: World, plan) -> list[Appointment]:
    WorkingHoursFactory(therapist=world.therapist, weekday=1)  # Tuesdays too
    return series.book_series(
        plan, [at(MONDAY + n * WEEK, 10) for n in range(4)], therapist=world.therapist,
        service=plan.service, actor=world.owner, staff=True,
    )  # fmt: skip


def test_staff_moving_a_plan_visit_are_offered_to_shift_the_rest(
    world: World, booked, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(world.front_desk)
    second = booked[1]
    new_time = (second.starts_at + dt.timedelta(days=1)).astimezone(dt.UTC).isoformat()
    visit_url = reverse("visits:detail", args=[second.code])
    response = browser.post(visit_url, {"action": "move", "start": new_time})
    shift_url = reverse("series:shift", args=[second.code])
    assert response["Location"] == shift_url
    page = browser.get(shift_url)
    body = text(page)
    assert "1 day later" in body
    assert "Tuesday 24 March, 10:00 (free)" in body
    assert "Tuesday 31 March, 10:00 (free)" in body
    data = {}
    for item in page.context["offer"].visits:
        data[f"was-{item.visit.code}"] = item.visit.starts_at.astimezone(dt.UTC).isoformat()
        data[f"to-{item.visit.code}"] = item.to.astimezone(dt.UTC).isoformat()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(shift_url, data)
    assert response["Location"] == visit_url
    moved = Appointment.objects.filter(pk__in=[booked[2].pk, booked[3].pk])
    assert [a.starts_at.astimezone(LONDON).strftime("%a %H:%M") for a in moved] == [
        "Tue 10:00",
        "Tue 10:00",
    ]
    assert len(mail.outbox) == 2
    assert "No later visits of the plan are waiting" in text(browser.get(shift_url))


def test_keeping_every_later_visit_moves_nothing(world: World, booked) -> None:
    second = booked[1]
    services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True
    )
    shift_url = reverse("series:shift", args=[second.code])
    response = signed_in(world.owner).post(shift_url, {})
    assert response.status_code == 400
    assert "Choose at least one visit to move." in text(response)


def test_a_visit_outside_a_plan_has_nothing_to_shift(world: World, service) -> None:
    visit = services.book_appointment(
        world.client, world.therapist, service, at(MONDAY, 10), actor=None, staff=True
    )
    page = signed_in(world.owner).get(reverse("series:shift", args=[visit.code]))
    assert "No later visits of the plan are waiting" in text(page)


def test_a_client_moving_a_plan_visit_by_email_link_can_shift_the_rest(
    world: World, booked
) -> None:
    browser = signed_in(world.client_user, mfa=False)
    first = booked[0]
    token = links.manage_token(first)
    new_time = (first.starts_at + dt.timedelta(days=1)).astimezone(dt.UTC).isoformat()
    response = browser.post(
        reverse("booking:manage", args=[token]), {"action": "move", "start": new_time}
    )
    shift_url = reverse("series:shift_mine", args=[token])
    assert response["Location"] == shift_url
    offer = browser.get(shift_url).context["offer"]
    assert len(offer.visits) == 3
    data = {f"was-{i.visit.code}": i.visit.starts_at.isoformat() for i in offer.visits}
    data |= {f"to-{i.visit.code}": i.to.isoformat() for i in offer.visits}
    response = browser.post(shift_url, data)
    assert response["Location"] == reverse("booking:manage", args=[token])
    assert all(
        a.starts_at.astimezone(LONDON).weekday() == 1
        for a in Appointment.objects.filter(plan=first.plan)
    )


def test_a_tampered_shift_link_is_404(world: World) -> None:
    url = reverse("series:shift_mine", args=["not-a-token"])
    assert signed_in(world.client_user, mfa=False).get(url).status_code == 404
