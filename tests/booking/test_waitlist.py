"""Waiting clients hear about a freed time in the order they joined; the link books it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from easeplan.booking import services, waitlist
from easeplan.booking.models import Appointment, WaitlistEntry

from ..conftest import World
from ..factories import ClientFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday
WEDNESDAY = dt.date(2026, 3, 4)
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)


@pytest.fixture
def full_wednesday(world: World):
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    visit = services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )
    return service, visit


def test_a_cancelled_time_is_offered_to_waiting_clients_in_order(
    world: World, full_wednesday, django_capture_on_commit_callbacks
) -> None:
    service, visit = full_wednesday
    first, second = ClientFactory(practice=world.practice), ClientFactory(practice=world.practice)
    other_day = ClientFactory(practice=world.practice)
    waitlist.join(world.practice, first, service, None, [WEDNESDAY], now=NOW)
    waitlist.join(world.practice, second, service, world.therapist, [WEDNESDAY], now=NOW)
    waitlist.join(world.practice, other_day, service, None, [WEDNESDAY + dt.timedelta(1)], now=NOW)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)
    offers = [m for m in mail.outbox if m.subject.startswith("A time has opened")]
    assert [m.to for m in offers] == [[first.email], [second.email]]
    assert "/book/claim/" in offers[0].body


def test_the_offer_link_books_the_time_and_the_second_claim_is_told_it_is_gone(
    client, world: World, full_wednesday
) -> None:
    service, visit = full_wednesday
    first, second = ClientFactory(practice=world.practice), ClientFactory(practice=world.practice)
    entries = [
        waitlist.join(world.practice, c, service, None, [WEDNESDAY], now=NOW)
        for c in (first, second)
    ]
    services.cancel_appointment(visit, actor=None, now=NOW)
    urls = [
        reverse("booking:claim", args=[waitlist.offer_token(e, world.therapist, TEN)])
        for e in entries
    ]
    with time_machine.travel(NOW, tick=False):
        assert client.get(urls[0]).status_code == 200
        response = client.post(urls[0])
        assert response.status_code == 302
        late = client.post(urls[1])
    booked = Appointment.objects.get(starts_at=TEN, status="booked")
    assert booked.client == first
    assert late.status_code == 409
    assert "someone else booked this time first" in late.content.decode()
    entries[0].refresh_from_db()
    assert entries[0].closed_at is not None


def test_a_tampered_offer_link_is_404(client, world: World, full_wednesday) -> None:
    service, _ = full_wednesday
    entry = waitlist.join(world.practice, world.another_client, service, None, [WEDNESDAY], now=NOW)
    token = waitlist.offer_token(entry, world.therapist, TEN)
    assert client.get(reverse("booking:claim", args=[token[:-3] + "abc"])).status_code == 404
    assert client.post(reverse("booking:claim", args=["x"])).status_code == 404


def test_joining_needs_a_day_in_the_next_two_weeks(client, world: World, full_wednesday) -> None:
    service, _ = full_wednesday
    url = f"{reverse('booking:waitlist')}?service={service.code}"
    details = {
        "first_name": "Wyn",
        "last_name": "Ashe",
        "email": "wyn@example.org",
        "phone": "0117 496 0123",
    }
    with time_machine.travel(NOW, tick=False):
        response = client.post(url, details)
        assert response.status_code == 400
        assert "at least one day" in response.content.decode()
        assert not WaitlistEntry.objects.exists()
        response = client.post(url, {**details, "days": [WEDNESDAY.isoformat()]})
    assert "on the waitlist" in response.content.decode()
    entry = WaitlistEntry.objects.get()
    assert (entry.client.email, entry.days) == ("wyn@example.org", ["2026-03-04"])


def test_joining_again_adds_the_days_to_the_one_waiting_entry(world: World, full_wednesday) -> None:
    service, _ = full_wednesday
    thursday = WEDNESDAY + dt.timedelta(days=1)
    first = waitlist.join(world.practice, world.client, service, None, [WEDNESDAY], now=NOW)
    again = waitlist.join(
        world.practice, world.client, service, None, [thursday, WEDNESDAY], now=NOW
    )
    assert again.pk == first.pk
    assert WaitlistEntry.objects.get().days == ["2026-03-04", "2026-03-05"]
    with_therapist = waitlist.join(
        world.practice, world.client, service, world.therapist, [thursday], now=NOW
    )
    assert with_therapist.pk != first.pk  # waiting for one therapist is another wish


def test_a_client_held_by_a_red_flag_is_not_offered_the_freed_time(
    world: World, full_wednesday, django_capture_on_commit_callbacks
) -> None:
    from easeplan.screening.holds import services as holds

    service, visit = full_wednesday
    held, waiting = ClientFactory(practice=world.practice), ClientFactory(practice=world.practice)
    for client in (held, waiting):
        waitlist.join(world.practice, client, service, None, [WEDNESDAY], now=NOW)
    holds.raise_hold(held, holds.Source.INTAKE, ["bladder_bowel_control"], actor=None)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)
    offers = [m for m in mail.outbox if m.subject.startswith("A time has opened")]
    assert [m.to for m in offers] == [[waiting.email]]
