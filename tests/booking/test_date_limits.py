"""Dates out of reach (year 1, year 9999, past the booking horizon) get a message, never a 500.

Every page and form that takes a date goes through one rule (easeplan/lib/dates.py).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from easeplan.booking import links
from easeplan.booking.models import Appointment

from ..conftest import World, signed_in
from ..conftest import page_text as text
from ..factories import AppointmentFactory, WorkingHoursFactory, confirm_url

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Robin",
    "last_name": "Fairweather",
    "email": "robin@example.org",
    "phone": "0117 496 0123",
}
EDGES = ["9999-12-31", "0001-01-01"]
EDGE_TIMES = ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00", "9999-12-31T23:00-05:00"]


@pytest.fixture
def service(world: World):
    for weekday in range(7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


def book_page(client, service, therapist: str, **extra: str):  # type: ignore[no-untyped-def]
    query = urlencode({"service": service.code, "therapist": therapist, **extra})
    return client.get(f"{reverse('booking:book')}?{query}")


@pytest.mark.parametrize("param", ["from", "day"])
@pytest.mark.parametrize("therapist", ["any", None])
def test_the_booking_page_refuses_a_day_past_the_horizon_and_shows_today(
    client, world: World, service, param: str, therapist: str | None
) -> None:
    response = book_page(
        client, service, therapist or world.therapist.code, **{param: "9999-12-31"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Please choose a date at most 60 days ahead" in page
    today = timezone.now().astimezone(world.practice.zone).date()
    assert f"&from={today:%Y-%m-%d}" in page  # the day strip starts today


def test_the_booking_page_offers_no_later_dates_past_the_horizon(client, world, service) -> None:
    today = timezone.now().astimezone(world.practice.zone).date()
    last_strip = today + dt.timedelta(days=56)  # its two weeks reach the horizon (60 days)
    page = text(book_page(client, service, "any", **{"from": last_strip.isoformat()}))
    assert "Please choose" not in page
    assert "Later ›" not in page


@pytest.mark.parametrize("start", EDGE_TIMES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_confirm_refuses_a_time_at_the_calendars_edge_with_a_message(
    client, world: World, service, start: str, method: str
) -> None:
    url = confirm_url(service, world.therapist, start)
    response = getattr(client, method)(url, DETAILS if method == "post" else None, follow=True)
    assert response.status_code == 200
    assert "Please choose" in text(response)
    assert response.redirect_chain[-1][0] == reverse("booking:book")
    assert not Appointment.objects.exists()


def test_confirm_refuses_a_time_past_the_horizon_with_the_horizon_in_words(
    client, world: World, service
) -> None:
    far = timezone.now() + dt.timedelta(days=200)
    response = client.get(confirm_url(service, world.therapist, far), follow=True)
    assert "Please choose a date at most 60 days ahead" in text(response)


def test_the_move_page_refuses_far_dates_and_edge_times(client, world: World, service) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, service=service
    )
    url = reverse("booking:manage", args=[links.manage_token(visit)])
    for day in EDGES:
        response = client.get(url, {"from": day})
        assert response.status_code == 200
        assert "Please choose" in text(response)
    for start in EDGE_TIMES:
        response = client.post(url, {"action": "move", "start": start})
        assert response.status_code == 409
        assert "Please choose" in text(response)
    visit.refresh_from_db()
    assert visit.sequence == 0  # not moved


def test_the_staff_visit_page_refuses_far_days_and_still_offers_moves(
    world: World, service
) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, service=service
    )
    staff = signed_in(world.front_desk)
    url = reverse("visits:detail", args=[visit.code])
    for param in ["from", "day"]:
        for day in EDGES:
            page = text(staff.get(url, {param: day}))
            assert "Please choose a date at most" in page
            assert 'name="start"' in page  # the strip falls back to today's two weeks
    # Staff may ask for a day gone by, but a visit moves forward: the strip starts today.
    yesterday = timezone.now().astimezone(world.practice.zone).date() - dt.timedelta(days=1)
    page = text(staff.get(url, {"from": yesterday.isoformat()}))
    assert "Please choose" not in page
    assert f"{yesterday:%A} {yesterday.day} {yesterday:%B}: nothing free" not in page
    assert 'name="start"' in page


def test_staff_pages_refuse_edge_dates_with_a_message(world: World, service) -> None:
    staff = signed_in(world.front_desk)
    for name in ["practice:calendar", "practice:calendar_week"]:
        for day in EDGES:
            response = staff.get(reverse(name), {"day": day})
            assert response.status_code == 200
            assert "Please choose a date at most" in text(response)
    for start in EDGE_TIMES:
        assert staff.get(reverse("visits:new"), {"start": start}).status_code == 200
    response = staff.post(
        reverse("visits:new"),
        {
            "client": world.client.code,
            "service": service.code,
            "therapist": world.therapist.code,
            "start": "9999-12-31T23:59",
        },
    )
    assert response.status_code == 200
    assert "Please choose a date at most 3660 days ahead" in text(response)
    assert not Appointment.objects.exists()
