"""Every booking confirmation (single, series, moved) and every reminder carries the safety
net: the symptoms that mean "go to an emergency department now" (CLINICAL.md §2), in the
text and the HTML body alike."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.core import mail

from easeplan.booking import reminders, services, tasks
from easeplan.booking.models import Appointment
from easeplan.screening.rules import self_check as rules

from ..conftest import World
from ..factories import AppointmentFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday 08:00 in London (GMT)
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)  # Wednesday 10:00
EMERGENCY = [flag for flag in rules.RED_FLAGS if flag.level is rules.Level.EMERGENCY]


def assert_safety_net_in(message: mail.EmailMultiAlternatives) -> None:
    (body, _), *_ = message.alternatives
    for text in (" ".join(message.body.split()), html.unescape(" ".join(body.split()))):
        assert "Go to an emergency department now" in text
        for flag in EMERGENCY:
            assert flag.reason.casefold() in text.casefold(), flag.code
    # Only the emergency list: the urgent flags (see a doctor first) are not in it.
    assert "a history of cancer" not in message.body
    assert "<li>Loss of bladder or bowel control</li>" in body


@pytest.fixture
def visit(world: World, django_capture_on_commit_callbacks) -> Appointment:  # type: ignore[no-untyped-def]
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    with django_capture_on_commit_callbacks(execute=True):
        return services.book_appointment(
            world.client, world.therapist, service, TEN, actor=None, now=NOW
        )


def test_the_booking_confirmation_carries_the_safety_net(world: World, visit) -> None:
    tasks.send_booking_confirmation.call(visit.code)

    (message,) = mail.outbox
    assert "is booked" in message.body
    assert_safety_net_in(message)


def test_the_moved_visit_email_carries_the_safety_net(
    world: World, visit, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_appointment(visit, TEN + dt.timedelta(days=1), actor=None, now=NOW)

    (message,) = mail.outbox
    assert "has moved to" in message.body
    assert_safety_net_in(message)


def test_the_series_confirmation_carries_the_safety_net(world: World) -> None:
    visits = [
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            service=world.practice.services.get(),
            starts_at=TEN + dt.timedelta(weeks=week),
        )
        for week in range(3)
    ]

    tasks.send_series_confirmation.call([v.code for v in visits])

    (message,) = mail.outbox
    assert "3 visits" in message.body
    assert_safety_net_in(message)


def test_the_reminder_carries_the_safety_net(world: World, visit) -> None:
    (reminder,) = visit.reminders.all()

    with time_machine.travel(reminder.due_at, tick=False):
        reminders.send_reminder.call(reminder.pk)

    (message,) = mail.outbox
    assert "A reminder of your visit" in message.body
    assert_safety_net_in(message)


def test_a_cancellation_does_not_need_it(
    world: World, visit, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)

    (message,) = mail.outbox
    assert "emergency department" not in message.body
