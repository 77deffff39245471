"""No online booking around a red flag: every source of a flag closes every booking door.

Sources: the self-check (in the browser's session, then on the client), the intake and
the check-in before a visit. Doors: the booking page, its confirm step (GET and POST),
moving a visit, booking a plan's series, the waitlist and its claim link. Cancelling stays
possible, and a clinician's clearing note opens booking again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from easeplan.booking import links, services, waitlist
from easeplan.booking.models import Appointment
from easeplan.care.intake import services as care
from easeplan.outcomes.checkins import services as checkins
from easeplan.outcomes.checkins.forms import CheckInForm
from easeplan.screening.holds import services as holds
from easeplan.screening.models import RedFlagHold

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory, PlanOfCareFactory, WorkingHoursFactory, confirm_url

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday 08:00 in London
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)  # Wednesday 10:00
ELEVEN = TEN + dt.timedelta(hours=4)  # Wednesday 14:00, free
EMERGENCY = "bladder_bowel_control"
ADVICE = "Go to an emergency department today"
PAUSED = "Online booking is paused"


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def service(world: World):  # type: ignore[no-untyped-def]
    for weekday in range(0, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


@pytest.fixture
def booked(world: World, service) -> Appointment:
    """Ada's visit on Wednesday at 10:00, booked before any flag."""
    return services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )


@pytest.fixture
def browser(world: World) -> Browser:
    return signed_in(world.client_user, mfa=False)


def answer_the_checkin(browser: Browser, visit: Appointment, flags: list[str]) -> Any:
    """Fill in the check-in before `visit` as the client's phone does, ticking `flags`."""
    form = CheckInForm(instruments=checkins.questions_for(visit.plan, visit, NOW))
    data: dict[str, Any] = {
        name: field.choices[0][0]  # type: ignore[attr-defined]
        for name, field in form.fields.items()
        if getattr(field, "required", False)
    }
    data["safety-red_flags"] = flags
    return browser.post(reverse("outcomes:visit", args=[visit.code]), data)


def flag_by_self_check(world: World, browser: Browser, service) -> None:  # type: ignore[no-untyped-def]
    response = browser.post(reverse("screening:step", args=["safety"]), {"red_flags": [EMERGENCY]})
    assert response.status_code == 302


def flag_by_intake(world: World, browser: Browser, service) -> None:  # type: ignore[no-untyped-def]
    care.submit_intake(world.client, {"red_flags": [EMERGENCY]}, actor=world.client_user)


def flag_by_checkin(world: World, browser: Browser, service) -> None:  # type: ignore[no-untyped-def]
    soon = AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=service,
        starts_at=NOW + dt.timedelta(hours=3),
    )
    assert answer_the_checkin(browser, soon, [EMERGENCY]).status_code == 302


SOURCES: dict[str, Callable[..., None]] = {
    "self_check": flag_by_self_check,
    "intake": flag_by_intake,
    "checkin": flag_by_checkin,
}


def book_page(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    return browser.get(reverse("booking:book"), {"service": service.code, "therapist": "any"})


def confirm_get(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    return browser.get(confirm_url(service, world.therapist, ELEVEN))


def confirm_post(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    return browser.post(confirm_url(service, world.therapist, ELEVEN))


def move(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    url = reverse("booking:manage", args=[links.manage_token(booked)])
    return browser.post(url, {"action": "move", "start": ELEVEN.isoformat()})


def series(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        service=service,
        visits_planned=2,
        starts_on=dt.date(2026, 3, 9),
    )
    first = dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)
    data = {"visit-1": first.isoformat(), "visit-2": (first + dt.timedelta(7)).isoformat()}
    return browser.post(reverse("series:mine", args=[plan.code]), data)


def waitlist_join(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    url = f"{reverse('booking:waitlist')}?service={service.code}"
    return browser.post(url, {"days": ["2026-03-05"]})


def claim(world: World, browser: Browser, service, booked) -> Any:  # type: ignore[no-untyped-def]
    entry = waitlist.join(world.practice, world.client, service, None, [ELEVEN.date()], now=NOW)
    token = waitlist.offer_token(entry, world.therapist, ELEVEN)
    return browser.post(reverse("booking:claim", args=[token]))


DOORS: dict[str, Callable[..., Any]] = {
    "book": book_page,
    "confirm_get": confirm_get,
    "confirm_post": confirm_post,
    "move": move,
    "series": series,
    "waitlist": waitlist_join,
    "claim": claim,
}


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("source", SOURCES)
def test_any_red_flag_closes_every_online_booking_door(
    world: World, service, booked, browser: Browser, source: str, door: str
) -> None:
    SOURCES[source](world, browser, service)
    before = set(Appointment.objects.values_list("pk", "starts_at", "status"))
    response = DOORS[door](world, browser, service, booked)
    page = text(response)
    assert ADVICE in page and "Loss of bladder or bowel control" in page
    assert PAUSED in page and "will contact you" in page
    assert 'class="time' not in page  # no times offered
    assert set(Appointment.objects.values_list("pk", "starts_at", "status")) == before
    assert world.client.waitlist_entries.filter(closed_at__isnull=True).count() <= (
        1 if door == "claim" else 0
    )
    assert RedFlagHold.objects.filter(client=world.client, cleared_at=None).exists()


def test_without_a_flag_the_same_client_books_online(
    world: World, service, booked, browser: Browser
) -> None:
    response = confirm_post(world, browser, service, booked)
    assert response.status_code == 302
    assert Appointment.objects.filter(starts_at=ELEVEN, client=world.client).exists()


@pytest.mark.parametrize("source", SOURCES)
def test_a_held_client_can_still_cancel_from_the_link(
    world: World, service, booked, browser: Browser, source: str
) -> None:
    SOURCES[source](world, browser, service)
    url = reverse("booking:manage", args=[links.manage_token(booked)])
    page = text(browser.get(url))
    assert ADVICE in page and "Move to another time" not in page
    assert "Cancel this visit" in page
    browser.post(url, {"action": "cancel"})
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED


def test_a_visitors_self_check_stops_booking_in_that_browser_before_any_client_exists(
    world: World, service
) -> None:
    visitor = Browser()
    visitor.post(reverse("screening:step", args=["safety"]), {"red_flags": ["saddle_numbness"]})
    page = text(visitor.get(reverse("booking:book")))
    assert ADVICE in page and "Numbness or tingling between the legs" in page
    assert "please contact Riverside Massage" in page
    details = {
        "first_name": "Robin",
        "last_name": "Fairweather",
        "email": "robin@example.org",
        "phone": "0117 496 0123",
    }
    response = visitor.post(confirm_url(service, world.therapist, ELEVEN), details)
    assert response.status_code == 409 and ADVICE in text(response)
    assert not Appointment.objects.exists()
    assert not world.practice.clients.filter(email="robin@example.org").exists()
    # Changing the answers afterwards doesn't open booking in that session.
    visitor.post(reverse("screening:step", args=["safety"]), {})
    assert ADVICE in text(visitor.get(reverse("booking:book")))
    # Another browser books as usual.
    assert 'class="time' in text(
        Browser().get(reverse("booking:book"), {"service": service.code, "therapist": "any"})
    )


def test_an_urgent_flag_shows_the_see_a_doctor_advice(world: World, service) -> None:
    visitor = Browser()
    visitor.post(reverse("screening:step", args=["health"]), {"red_flags": ["weight_loss"]})
    page = text(visitor.get(reverse("booking:book")))
    assert "See a doctor before booking massage" in page
    assert "Weight loss without trying" in page


def test_a_signed_in_visitors_self_check_flag_is_stored_on_their_client_record(
    world: World, service, browser: Browser
) -> None:
    flag_by_self_check(world, browser, service)
    browser.get(reverse("booking:book"))
    hold = RedFlagHold.objects.get(client=world.client)
    assert (hold.source, hold.flags) == ("self_check", [EMERGENCY])
    # The hold now stops the client in any browser, e.g. the waitlist email's link.
    assert ADVICE in text(signed_in(world.client_user, mfa=False).get(reverse("booking:book")))


def test_a_held_clients_email_typed_by_anyone_books_nothing_and_tells_nothing(
    world: World, service
) -> None:
    flag_by_intake(world, Browser(), service)
    details = {
        "first_name": "Ada",
        "last_name": "Quillfeather",
        "email": world.client.email,
        "phone": "0117 496 0123",
    }
    response = Browser().post(confirm_url(service, world.therapist, ELEVEN), details)
    assert response.status_code == 409
    assert "can't be booked online" in text(response)
    assert "bladder" not in text(response).lower()
    assert not Appointment.objects.filter(starts_at=ELEVEN).exists()


def test_the_services_refuse_online_booking_and_moving_for_a_held_client_but_not_staff(
    world: World, service, booked
) -> None:
    holds.raise_hold(world.client, holds.Source.INTAKE, [EMERGENCY], actor=None)
    with pytest.raises(services.BookingRefused):
        services.book_appointment(
            world.client, world.therapist, service, ELEVEN, actor=None, now=NOW
        )
    with pytest.raises(services.BookingRefused):
        services.move_appointment(booked, ELEVEN, actor=None, now=NOW)
    staff = services.book_appointment(
        world.client, world.therapist, service, ELEVEN, actor=world.owner, now=NOW, staff=True
    )
    assert staff.client == world.client


@pytest.mark.parametrize("source", SOURCES)
def test_after_a_clinician_clears_the_flag_booking_online_works_again(
    world: World, service, booked, browser: Browser, source: str
) -> None:
    SOURCES[source](world, browser, service)
    assert ADVICE in text(book_page(world, browser, service, booked))
    holds.clear_holds(world.client, "GP saw Ada: no emergency.", actor=world.therapist_user)
    assert 'class="time' in text(book_page(world, browser, service, booked))
    assert confirm_post(world, browser, service, booked).status_code == 302
    assert Appointment.objects.filter(starts_at=ELEVEN, client=world.client).exists()
