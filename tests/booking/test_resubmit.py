"""Back and resubmit after booking (or a double click) shows the visit already booked,
never "that time was just taken" to the person who took it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from easeplan.booking import links, services
from easeplan.booking.models import Appointment

from ..conftest import World, signed_in
from ..conftest import page_text as text
from ..factories import WorkingHoursFactory, a_free_time, confirm_url

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Robin",
    "last_name": "Fairweather",
    "email": "robin@example.org",
    "phone": "0117 496 0123",
}


@pytest.fixture
def service(world: World):
    for weekday in range(7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


def confirm_form(browser, url: str, **fields: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the confirm page's form sends: its hidden key and the fields typed in."""
    page = browser.get(url).content.decode()
    (key,) = re.findall(r'name="booking_key" value="([^"]+)"', page)
    return {"booking_key": key, **fields}


def test_sending_the_confirm_form_again_shows_the_visit_already_booked(
    client, world: World, service, django_capture_on_commit_callbacks
) -> None:
    start = a_free_time(world, service)
    url = confirm_url(service, world.therapist, start)
    form = confirm_form(client, url, **DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, form)
        assert first.status_code == 302
        (visit,) = Appointment.objects.all()

        again = client.post(url, form)  # back, then "Book this visit" once more

    assert again.status_code == 200
    page = text(again)
    local = start.astimezone(world.practice.zone)
    assert f"You're already booked for {local:%A} {local.day} {local:%B %Y}, {local:%H:%M}" in page
    assert "just taken" not in page
    assert reverse("booking:manage", args=[links.manage_token(visit)]) in page
    assert Appointment.objects.count() == 1
    assert len(mail.outbox) == 1  # one confirmation


def test_a_signed_in_client_resubmitting_sees_their_visit(world: World, service) -> None:
    browser = signed_in(world.client_user, mfa=False)
    url = confirm_url(service, world.therapist, a_free_time(world, service))
    form = confirm_form(browser, url)
    assert browser.post(url, form).status_code == 302
    again = browser.post(url, form)
    assert "You're already booked for" in text(again)
    assert Appointment.objects.filter(client=world.client).count() == 1


def test_another_confirm_page_for_the_same_time_is_still_told_it_was_taken(
    client, world: World, service
) -> None:
    url = confirm_url(service, world.therapist, a_free_time(world, service))
    assert client.post(url, confirm_form(client, url, **DETAILS)).status_code == 302
    other = client.post(url, confirm_form(client, url, **DETAILS))  # a new page, a new key
    assert other.status_code == 409
    assert "just taken" in text(other)


def test_after_cancelling_the_same_form_books_the_time_again(client, world, service) -> None:
    url = confirm_url(service, world.therapist, a_free_time(world, service))
    form = confirm_form(client, url, **DETAILS)
    assert client.post(url, form).status_code == 302
    services.cancel_appointment(Appointment.objects.get(), actor=None)
    assert client.post(url, form).status_code == 302
    assert Appointment.objects.filter(status=Appointment.Status.BOOKED).count() == 1


def test_a_malformed_key_is_ignored_not_an_error(client, world: World, service) -> None:
    url = confirm_url(service, world.therapist, a_free_time(world, service))
    response = client.post(url, {"booking_key": "<script>" * 20, **DETAILS})
    assert response.status_code == 302
    assert Appointment.objects.get().booking_key != "<script>" * 20
