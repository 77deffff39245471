"""Online booking pages: choose, confirm, done — and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.practice.models import Client

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import (
    AppointmentFactory,
    ServiceFactory,
    WorkingHoursFactory,
    a_free_time,
    confirm_url,
)

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Robin",
    "last_name": "Fairweather",
    "email": "Robin@Example.org",
    "phone": "0117 496 0123",
}


@pytest.fixture
def service(world: World):
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


def test_the_booking_page_offers_services_therapists_and_times(client, world, service) -> None:
    page = client.get(reverse("booking:book")).content.decode()
    assert service.name in page
    page = client.get(reverse("booking:book"), {"service": service.code}).content.decode()
    assert "First available" in page and world.therapist.display_name in page
    page = client.get(
        reverse("booking:book"), {"service": service.code, "therapist": "any"}
    ).content.decode()
    start = a_free_time(world, service)
    assert f"{start.astimezone(world.practice.zone):%H:%M}" in page


def test_htmx_gets_only_the_times(client, world, service) -> None:
    response = client.get(
        reverse("booking:book"),
        {"service": service.code, "therapist": "any"},
        HTTP_HX_REQUEST="true",
    )
    assert "<html" not in response.content.decode()
    assert 'class="time"' in response.content.decode()


def test_a_new_client_books_with_their_details(
    client, world, service, django_capture_on_commit_callbacks
) -> None:
    start = a_free_time(world, service)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(service, world.therapist, start), DETAILS)
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("booking:done", args=[appointment.code])
    assert appointment.starts_at == start
    new = Client.objects.get(email="robin@example.org")
    assert new.user == User.objects.get(email="robin@example.org")
    assert not new.user.has_usable_password()
    (email,) = mail.outbox
    assert "/accounts/password/reset/key/" in email.body  # to set a password
    assert client.get(response["Location"]).status_code == 200
    # Someone else can't see the confirmation page.
    from django.test import Client as Browser

    assert Browser().get(response["Location"]).status_code == 404


def test_a_signed_in_client_books_without_typing_details(world, service) -> None:
    start = a_free_time(world, service)
    browser = signed_in(world.client_user)
    page = browser.get(confirm_url(service, world.therapist, start)).content.decode()
    assert f"Booking as <strong>{world.client.full_name}</strong>" in page
    response = browser.post(confirm_url(service, world.therapist, start))
    assert response.status_code == 302
    assert Appointment.objects.get().client == world.client


def test_a_returning_client_booking_by_email_keeps_their_record(client, world, service) -> None:
    start = a_free_time(world, service)
    client.post(
        confirm_url(service, world.therapist, start),
        {**DETAILS, "email": world.client.email.upper()},
    )
    assert Appointment.objects.get().client == world.client
    assert Client.objects.filter(practice=world.practice).count() == 2


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("first_name", "Please give your first name."),
        ("email", "Please give your email"),
        ("phone", "Please give a phone number"),
    ],
)
def test_missing_details_are_named_and_nothing_is_booked(
    client, world, service, field, message
) -> None:
    start = a_free_time(world, service)
    response = client.post(confirm_url(service, world.therapist, start), {**DETAILS, field: ""})
    assert message in response.content.decode()
    assert "<title>Error:" in response.content.decode()
    assert not Appointment.objects.exists()
    assert not Client.objects.filter(email="robin@example.org").exists()


def test_a_stale_slot_says_it_was_taken_and_offers_fresh_times(client, world, service) -> None:
    start = a_free_time(world, service)
    AppointmentFactory(
        practice=world.practice, therapist=world.therapist, service=service, starts_at=start
    )
    response = client.post(confirm_url(service, world.therapist, start), DETAILS)
    assert response.status_code == 409
    page = response.content.decode()
    assert "just taken" in page
    assert 'class="time"' in page
    assert Appointment.objects.count() == 1
    assert not Client.objects.filter(email="robin@example.org").exists()  # nothing half-way


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2020-01-06T09:00:00+00:00", "already passed"),
        ("not-a-time", "Please choose a time from the list."),
        ("2030-01-06T09:00:00", "Please choose a time from the list."),  # no zone: tampered
    ],
)
def test_bad_times_get_a_clear_message(client, world, service, start, message) -> None:
    response = client.post(confirm_url(service, world.therapist, start), DETAILS, follow=True)
    assert message in text(response)
    assert not Appointment.objects.exists()


def test_a_time_outside_working_hours_is_refused(client, world, service) -> None:
    start = a_free_time(world, service)
    local = start.astimezone(world.practice.zone)
    night = local.replace(hour=23, minute=0)
    response = client.post(confirm_url(service, world.therapist, night), DETAILS)
    assert "doesn't work at that time" in text(response)
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("what", ["service", "therapist"])
def test_unknown_or_foreign_choices_are_refused(client, world, service, what) -> None:
    start = a_free_time(world, service)
    foreign_service = ServiceFactory(practice=world.other_practice)
    url = confirm_url(
        foreign_service if what == "service" else service,
        world.therapist
        if what == "service"
        else world.other_practice.therapists.create(display_name="X"),
        start,
    )
    response = client.get(url, follow=True)
    expected = (
        "We don't offer that service online"
        if what == "service"
        else "Please choose a therapist from the list."
    )
    assert expected in text(response)
    assert response.redirect_chain[-1][0] == reverse("booking:book")


def test_the_times_page_runs_a_constant_number_of_queries(
    client, world, service, django_assert_max_num_queries
) -> None:
    url = reverse("booking:book")
    query = {"service": service.code, "therapist": "any"}
    with django_assert_max_num_queries(10):
        client.get(url, query)
    start = a_free_time(world, service)
    for i in range(40):
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            service=service,
            starts_at=start + dt.timedelta(days=i // 3, hours=i % 3 * 2),
        )
    with django_assert_max_num_queries(10):
        client.get(url, query)


def test_a_new_clients_phone_is_kept_in_e164(client, world, service) -> None:
    start = a_free_time(world, service)
    client.post(confirm_url(service, world.therapist, start), DETAILS)
    assert Client.objects.get(email="robin@example.org").phone == "+441174960123"


def test_a_phone_is_read_in_the_practices_country(client, world, service) -> None:
    world.practice.country = "FR"
    world.practice.save(update_fields=["country"])
    start = a_free_time(world, service)
    client.post(
        confirm_url(service, world.therapist, start), {**DETAILS, "phone": "01 23 45 67 89"}
    )
    assert Client.objects.get(email="robin@example.org").phone == "+33123456789"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "0123", "This phone number is too short: please check every digit."),
        ("phone", "call me", "Please give a phone number in digits."),
        ("first_name", "R" * 81, "Please shorten this name to 80 characters or fewer (it has 81)."),
        ("last_name", "F" * 81, "Please shorten this name to 80 characters or fewer (it has 81)."),
    ],
)
def test_a_wrong_phone_or_a_too_long_name_says_so_and_books_nothing(
    client, world, service, field, value, message
) -> None:
    start = a_free_time(world, service)
    response = client.post(confirm_url(service, world.therapist, start), {**DETAILS, field: value})
    assert message in text(response)
    assert not Appointment.objects.exists()
    assert not Client.objects.filter(email="robin@example.org").exists()


def test_first_and_last_name_together_fit_the_account_name(client, world, service) -> None:
    start = a_free_time(world, service)
    response = client.post(
        confirm_url(service, world.therapist, start),
        {**DETAILS, "first_name": "R" * 75, "last_name": "F" * 75},
    )
    assert "first and last name together can have at most 149 characters" in text(response)
    assert not User.objects.filter(email="robin@example.org").exists()


def test_name_inputs_never_cut_a_name_short_in_the_browser(client, world, service) -> None:
    start = a_free_time(world, service)
    page = client.get(confirm_url(service, world.therapist, start)).content.decode()
    name_inputs = [line for line in page.split("<input") if 'name="first_name"' in line]
    assert name_inputs and "maxlength" not in name_inputs[0]
    assert 'type="tel"' in page


def test_the_times_and_the_whole_page_vary_on_htmx(client, world, service) -> None:
    query = {"service": service.code, "therapist": "any"}
    part = client.get(reverse("booking:book"), query, HTTP_HX_REQUEST="true")
    page = client.get(reverse("booking:book"), query)
    assert "<html" not in part.content.decode() and "<html" in page.content.decode()
    assert "HX-Request" in part["Vary"]
    assert "HX-Request" in page["Vary"]


def test_a_history_restore_gets_the_whole_booking_page(client, world, service) -> None:
    response = client.get(
        reverse("booking:book"),
        {"service": service.code, "therapist": "any"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" in html and 'class="time"' in html
    assert "HX-Request" in response["Vary"]


def test_the_day_strip_links_keep_the_choices_and_move_the_days(client, world, service) -> None:
    query = {"service": service.code, "therapist": world.therapist.code}
    html = client.get(reverse("booking:book"), query).content.decode()
    later = re.search(r'class="day-nav" href="([^"]*)"[^>]*>Later', html)
    days = re.findall(r'class="day(?: chosen)?" href="([^"]*)"', html)
    assert later and days
    prefix = f"?service={service.code}&amp;therapist={world.therapist.code}&amp;from="
    assert later.group(1).startswith(prefix) and "day=" not in later.group(1)
    assert all(link.startswith(prefix) and "&amp;day=" in link for link in days)
