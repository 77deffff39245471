"""Clients move and cancel from a signed link; the old time frees up at once."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from easeplan.booking import availability, links, services
from easeplan.booking.models import Appointment, Reminder

from ..conftest import World, signed_in
from ..factories import WorkingHoursFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday 08:00 in London (GMT)
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)  # Wednesday 10:00


@pytest.fixture
def visit(world: World) -> Appointment:
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    return services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )


def manage_url(visit: Appointment) -> str:
    return reverse("booking:manage", args=[links.manage_token(visit)])


def ics_of(message) -> Calendar:  # type: ignore[no-untyped-def]
    (_, content, _) = message.attachments[0]
    return Calendar.from_ical(content)


def test_cancelling_frees_the_time_voids_the_reminder_and_sends_a_calendar_cancel(
    world: World, visit: Appointment, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)
    visit.refresh_from_db()
    assert visit.status == "cancelled" and not visit.late_change
    assert TEN in availability.free_times(
        world.therapist, visit.service, TEN, TEN + dt.timedelta(minutes=1), now=NOW
    )
    assert not Reminder.objects.filter(appointment=visit, voided_at__isnull=True).exists()
    calendar = ics_of(mail.outbox[-1])
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "CANCEL"
    assert (str(event["uid"]), int(event["sequence"])) == (f"{visit.code}@easeplan", 1)


def test_cancelling_late_is_allowed_and_marked_late(world: World, visit: Appointment) -> None:
    services.cancel_appointment(visit, actor=None, now=TEN - dt.timedelta(hours=3))
    visit.refresh_from_db()
    assert visit.status == "cancelled" and visit.late_change


def test_staff_cancelling_late_is_not_a_late_client_change(world, visit) -> None:
    services.cancel_appointment(
        visit, actor=world.owner, staff=True, now=TEN - dt.timedelta(hours=3)
    )
    visit.refresh_from_db()
    assert not visit.late_change


def test_a_past_visit_cannot_be_cancelled_by_the_client(world, visit) -> None:
    with pytest.raises(services.BookingRefused):
        services.cancel_appointment(visit, actor=None, now=TEN + dt.timedelta(hours=1))
    visit.refresh_from_db()
    assert visit.status == "booked"


def test_moving_frees_the_old_time_and_updates_the_calendar_event(
    world: World, visit: Appointment, django_capture_on_commit_callbacks
) -> None:
    new = TEN + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_appointment(visit, new, actor=None, now=NOW)
    visit.refresh_from_db()
    assert (visit.starts_at, visit.sequence) == (new, 1)
    assert visit.blocked_until == new + dt.timedelta(minutes=75)
    assert TEN in availability.free_times(
        world.therapist, visit.service, TEN, TEN + dt.timedelta(minutes=1), now=NOW
    )
    (event,) = ics_of(mail.outbox[-1]).walk("VEVENT")
    assert event.decoded("dtstart") == new
    assert int(event["sequence"]) == 1  # same UID, higher sequence: the event updates
    pending = Reminder.objects.get(appointment=visit, voided_at__isnull=True)
    assert pending.for_start == new


def test_moving_to_a_taken_time_is_refused_and_nothing_changes(world, visit) -> None:
    other = services.book_appointment(
        world.another_client,
        world.therapist,
        visit.service,
        TEN + dt.timedelta(days=1),
        actor=None,
        now=NOW,
    )
    with pytest.raises(services.SlotTaken) as taken:
        services.move_appointment(visit, other.starts_at, actor=None, now=NOW)
    assert taken.value.alternatives
    visit.refresh_from_db()
    assert visit.starts_at == TEN and visit.sequence == 0


def test_moving_a_little_later_over_its_own_time_is_fine(world, visit) -> None:
    services.move_appointment(visit, TEN + dt.timedelta(minutes=30), actor=None, now=NOW)
    visit.refresh_from_db()
    assert visit.starts_at == TEN + dt.timedelta(minutes=30)


def test_the_signed_link_page_moves_and_cancels(client, world, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        page = client.get(manage_url(visit)).content.decode()
        assert "Move to another time" in page
        new = TEN + dt.timedelta(days=1)
        response = client.post(manage_url(visit), {"action": "move", "start": new.isoformat()})
        assert response.status_code == 302
        visit.refresh_from_db()
        assert visit.starts_at == new
        client.post(manage_url(visit), {"action": "cancel"})
        visit.refresh_from_db()
        assert visit.status == "cancelled"
        assert "Cancelled." in client.get(manage_url(visit)).content.decode()


@pytest.mark.parametrize("token", ["nonsense", "abc:def:ghi"])
def test_a_tampered_link_shows_nothing_and_changes_nothing(client, world, visit, token) -> None:
    tampered = links.manage_token(visit)[:-2] + "xx" if token == "abc:def:ghi" else token
    url = reverse("booking:manage", args=[tampered])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == "booked"


def test_a_bad_move_time_says_so(client, world, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        for bad in ["", "tomorrow", "2026-03-04T23:00:00+00:00"]:
            response = client.post(manage_url(visit), {"action": "move", "start": bad})
            assert response.status_code == 409
            assert "Error:" in response.content.decode()
    visit.refresh_from_db()
    assert visit.starts_at == TEN


def test_the_clients_account_links_to_moving_each_visit(world, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        page = html.unescape(
            signed_in(world.client_user).get(reverse("account_home")).content.decode()
        )
    assert manage_url(visit) in page


def test_the_move_page_shows_one_day_and_never_the_visits_own_time(client, world, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        page = client.get(manage_url(visit), {"day": "2026-03-04"}).content.decode()
    assert 'value="2026-03-04T10:15:00+00:00"' in page  # other times that day
    assert 'value="2026-03-04T10:00:00+00:00"' not in page  # its own time is no move
    assert "2026-03-05T" not in page  # one day's times; the strip links to the others
    assert page.index("Cancel this visit") < page.index("Move to another time")
