"""Staff book, move and cancel on a client's behalf; clients are emailed each time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking import availability
from easeplan.booking.models import Appointment

from ...conftest import World, signed_in
from ...factories import WorkingHoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def free(world: World) -> dt.datetime:
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    now = timezone.now()
    service = world.practice.services.get()
    return availability.free_times(
        world.therapist, service, now, now + dt.timedelta(days=7), now=now, staff=True
    )[0]


def form(world: World, start: dt.datetime, **extra) -> dict[str, str]:
    local = start.astimezone(world.practice.zone)
    return {
        "client": world.client.code,
        "service": world.practice.services.get().code,
        "therapist": world.therapist.code,
        "start": f"{local:%Y-%m-%dT%H:%M}",
        **extra,
    }


def test_front_desk_books_an_existing_client_from_a_free_time(
    world, free, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(world.front_desk)
    page = browser.get(
        reverse("visits:new"), {"therapist": world.therapist.code, "start": free.isoformat()}
    )
    assert f'value="{free.astimezone(world.practice.zone):%Y-%m-%dT%H:%M}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(reverse("visits:new"), form(world, free))
    appointment = Appointment.objects.get()
    assert response["Location"] == reverse("visits:detail", args=[appointment.code])
    assert (appointment.client, appointment.starts_at) == (world.client, free)
    assert mail.outbox[-1].to == [world.client.email]


def test_staff_book_a_new_client_with_their_details(world, free) -> None:
    data = form(
        world,
        free,
        client="",
        **{
            "new-first_name": "Nell",
            "new-last_name": "Ashdown",
            "new-email": "nell@example.org",
            "new-phone": "0117 496 0555",
        },
    )
    signed_in(world.owner).post(reverse("visits:new"), data)
    booked = Appointment.objects.get().client
    assert (booked.email, booked.phone) == ("nell@example.org", "+441174960555")


def test_a_new_client_without_details_is_refused(world, free) -> None:
    response = signed_in(world.owner).post(reverse("visits:new"), form(world, free, client=""))
    assert response.status_code == 400
    assert "Please give your email" in response.content.decode()
    assert not Appointment.objects.exists()


def test_staff_cannot_double_book(world, free) -> None:
    browser = signed_in(world.owner)
    browser.post(reverse("visits:new"), form(world, free))
    response = browser.post(
        reverse("visits:new"), form(world, free, client=world.another_client.code)
    )
    assert response.status_code == 409
    assert Appointment.objects.count() == 1


def test_staff_move_and_cancel_a_visit(world, free) -> None:
    browser = signed_in(world.therapist_user)
    browser.post(reverse("visits:new"), form(world, free))
    appointment = Appointment.objects.get()
    url = reverse("visits:detail", args=[appointment.code])
    assert world.client.full_name in browser.get(url).content.decode()
    assert AuditEvent.objects.filter(action="booking.appointment.viewed").exists()
    later = free + dt.timedelta(days=1)
    browser.post(url, {"action": "move", "start": later.isoformat()})
    appointment.refresh_from_db()
    assert appointment.starts_at == later
    browser.post(url, {"action": "cancel"})
    appointment.refresh_from_db()
    assert appointment.status == "cancelled" and not appointment.late_change


def test_another_practice_gets_404(world, free) -> None:
    signed_in(world.owner).post(reverse("visits:new"), form(world, free))
    appointment = Appointment.objects.get()
    outsider = signed_in(world.other_owner)
    url = reverse("visits:detail", args=[appointment.code])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"action": "cancel"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    # and can't book with our client or therapist
    response = outsider.post(reverse("visits:new"), form(world, free))
    assert response.status_code == 200
    assert Appointment.objects.count() == 1
