"""The same new person sending many bookings at once (double clicks, several tabs) on PostgreSQL.

Separate connections in separate threads, all released at once, through the real pages.
Every request gets a clear answer, and there is one client and one account in the end.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import User
from easeplan.booking import availability
from easeplan.booking.models import Appointment, WaitlistEntry
from easeplan.practice.models import Client

from ..conftest import World, signed_in
from ..factories import WorkingHoursFactory, confirm_url

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

POSTS = 50
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


def free_times(world: World, service, count: int) -> list[dt.datetime]:  # type: ignore[no-untyped-def]
    now = timezone.now()
    found = availability.free_times(
        world.therapist, service, now, now + dt.timedelta(days=21), now=now
    )
    spaced: list[dt.datetime] = []
    for start in found:  # apart, so that booking one never takes another's buffer
        if not spaced or start >= spaced[-1] + service.duration + service.buffer_after:
            spaced.append(start)
    return spaced[:count]


def race(posts: list[Callable[[], int]]) -> list[int]:
    """Run every post at the same moment; the status codes, or the errors raised."""
    barrier = threading.Barrier(len(posts))
    results: list[object] = []
    lock = threading.Lock()

    def attempt(post: Callable[[], int]) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                outcome: object = post()
            except Exception as error:  # a crash is what the test looks for
                outcome = error
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(post,)) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert len(results) == len(posts)
    assert all(isinstance(r, int) for r in results), [r for r in results if not isinstance(r, int)]
    return results  # type: ignore[return-value]


def one_client_and_one_account() -> Client:
    (client,) = Client.objects.filter(email__iexact=DETAILS["email"])
    assert client.user == User.objects.get(email=DETAILS["email"])
    return client


def test_fifty_online_bookings_of_one_new_person_make_one_client(world: World, service) -> None:
    times = free_times(world, service, POSTS // 2)
    assert len(times) == POSTS // 2

    def post(start: dt.datetime) -> Callable[[], int]:
        browser = Browser()  # each time twice: a double click in two browsers
        return lambda: (
            browser.post(confirm_url(service, world.therapist, start), DETAILS).status_code
        )

    statuses = race([post(start) for start in times for _ in range(2)])

    assert set(statuses) <= {302, 409}  # booked, or told the time was just taken
    client = one_client_and_one_account()
    booked = Appointment.objects.filter(client=client)
    assert sorted(booked.values_list("starts_at", flat=True)) == times
    assert statuses.count(302) == len(times)


def test_fifty_waitlist_requests_of_one_new_person_make_one_client_and_one_entry(
    world: World, service
) -> None:
    today = timezone.now().astimezone(world.practice.zone).date()
    url = f"{reverse('booking:waitlist')}?service={service.code}"
    form = {**DETAILS, "days": [(today + dt.timedelta(days=3)).isoformat()]}

    def post() -> int:
        return Browser().post(url, form).status_code

    statuses = race([post] * POSTS)

    assert set(statuses) == {200}
    client = one_client_and_one_account()
    assert WaitlistEntry.objects.filter(client=client).count() == 1


def test_fifty_staff_bookings_of_one_new_client_make_one_client(world: World, service) -> None:
    times = free_times(world, service, POSTS)
    assert len(times) == POSTS
    zone = world.practice.zone
    new = {f"new-{name}": value for name, value in DETAILS.items()}

    def post(start: dt.datetime) -> Callable[[], int]:
        desk = signed_in(world.front_desk)
        form = {
            "client": "",
            "service": service.code,
            "therapist": world.therapist.code,
            "start": f"{start.astimezone(zone):%Y-%m-%dT%H:%M}",
            **new,
        }
        return lambda: desk.post(reverse("visits:new"), form).status_code

    statuses = race([post(start) for start in times])

    assert set(statuses) == {302}
    client = one_client_and_one_account()
    assert Appointment.objects.filter(client=client).count() == POSTS


def test_fifty_sendings_of_one_confirm_form_book_once_and_say_so(world: World, service) -> None:
    """A double click taken to the extreme: the same page's form, key and all, 50 times."""
    (start,) = free_times(world, service, 1)
    url = confirm_url(service, world.therapist, start)
    page = Browser().get(url).content.decode()
    (key,) = re.findall(r'name="booking_key" value="([^"]+)"', page)
    pages: list[str] = []

    def post() -> int:
        response = Browser().post(url, {"booking_key": key, **DETAILS})
        pages.append(response.content.decode())
        return response.status_code

    statuses = race([post] * POSTS)

    assert sorted(statuses) == [200] * (POSTS - 1) + [302]
    assert sum("already booked for" in page for page in pages) == POSTS - 1
    client = one_client_and_one_account()
    assert Appointment.objects.get().client == client
