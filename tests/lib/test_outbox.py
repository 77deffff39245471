"""Emails of outbox rows talk to the mail server with no transaction open.

Every task that emails about a row (a reminder, a plan nudge, a weekly check-in, a
referral letter, a contact message) claims the row, commits, sends, then marks it. A real
SMTP server on loopback (aiosmtpd) that takes its time shows a booking going through
while the email is in the middle of its conversation with the server.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import smtplib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.db import models
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking import reminders, services
from easeplan.booking.models import Appointment, Reminder
from easeplan.care.models import Nudge
from easeplan.care.nudges import services as nudges
from easeplan.care.tasks import send_nudge
from easeplan.lib import outbox
from easeplan.outcomes.models import CheckIn
from easeplan.outcomes.tasks import send_weekly_checkin
from easeplan.screening.models import Referral
from easeplan.screening.tasks import send_referral_letter
from easeplan.site.models import ContactMessage
from easeplan.site.tasks import notify_practice_of_message

from ..conftest import World
from ..factories import (
    AppointmentFactory,
    AssessmentFactory,
    ContactMessageFactory,
    PlanOfCareFactory,
    ReferralFactory,
)

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=LONDON)  # Monday; the therapist works 9:00-17:00
DAY = dt.timedelta(days=1)
SLOW = 10  # seconds the server takes over a message unless the test lets it go on


# -- a mail server on loopback ---------------------------------------------------------


@dataclass
class MailServer:
    """An SMTP server that, once it has a message, waits (up to SLOW seconds) until
    `go_on` is set before answering; it refuses every message while `refusing`."""

    events: list[str]
    has_message: threading.Event = field(default_factory=threading.Event)
    go_on: threading.Event = field(default_factory=threading.Event)
    refusing: bool = False
    received: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.events.append("server has the message")
        self.has_message.set()
        deadline = time.monotonic() + SLOW
        while not self.go_on.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        if self.refusing:
            return "554 Transaction failed"
        self.received.append(list(envelope.rcpt_tos))
        self.events.append("server took the message")
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mail_server(settings) -> Iterator[MailServer]:  # type: ignore[no-untyped-def]
    """The app's email goes over SMTP to a local server; tests set `go_on` to let the
    server answer at once."""
    handler = MailServer(events=[])
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield handler
    handler.go_on.set()
    controller.stop()


# -- one pending email of each kind ----------------------------------------------------


def pending_reminder(world: World) -> Reminder:
    visit = AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=NOW + DAY + dt.timedelta(hours=2),
    )
    return Reminder.objects.create(appointment=visit, due_at=NOW, for_start=visit.starts_at)


def pending_nudge(world: World) -> Nudge:
    """Ada came on Monday 16 February and missed Monday 23 February."""
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        service=world.practice.services.get(),
        starts_on=dt.date(2026, 2, 16),
    )
    for week, status in enumerate(["completed", "no_show"]):
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            service=plan.service,
            plan=plan,
            starts_at=dt.datetime(2026, 2, 16, 10, tzinfo=LONDON) + week * 7 * DAY,
            status=status,
            created_at=dt.datetime(2026, 2, 9, tzinfo=LONDON),
        )
    nudge = Nudge.objects.create(
        practice=world.practice, client=world.client, plan=plan, reason="missed"
    )
    assert nudges.still_wanted(nudge, timezone.now())
    return nudge


def pending_checkin(world: World) -> CheckIn:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    return CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        plan=plan,
        kind="weekly",
        sent_at=timezone.now(),
        expires_at=timezone.now() + 7 * DAY,
    )


def pending_referral(world: World) -> Referral:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    return ReferralFactory(practice=world.practice, assessment=assessment, sent_to="gp@example.org")


def pending_message(world: World) -> ContactMessage:
    return ContactMessageFactory(practice=world.practice)


def emailed(action: str, code: str) -> bool:
    return AuditEvent.objects.filter(action=action, object_id=code).exists()


@dataclass(frozen=True)
class Kind:
    make: Callable[[World], models.Model]
    send: Callable[[Any], object]
    marked: Callable[[Any], bool]


KINDS = {
    "reminder": Kind(
        pending_reminder,
        lambda row: reminders.send_reminder.call(row.pk),
        lambda row: row.sent_at is not None,
    ),
    "nudge": Kind(
        pending_nudge,
        lambda row: send_nudge.call(row.pk),
        lambda row: emailed("care.nudge.emailed", row.code),
    ),
    "checkin": Kind(
        pending_checkin,
        lambda row: send_weekly_checkin.call(row.pk),
        lambda row: emailed("outcomes.checkin.emailed", row.code),
    ),
    "referral": Kind(
        pending_referral,
        lambda row: send_referral_letter.call(row.code),
        lambda row: row.emailed_at is not None,
    ),
    "contact": Kind(
        pending_message,
        lambda row: notify_practice_of_message.call(row.code),
        lambda row: row.notified_at is not None,
    ),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request: pytest.FixtureRequest) -> Kind:
    return KINDS[request.param]


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


def fresh(row: Any) -> Any:
    row.refresh_from_db()
    return row


# -- the tests -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_booking_goes_through_while_an_email_is_with_the_mail_server(
    world: World, mail_server: MailServer, kind: Kind, clock: None
) -> None:
    row = kind.make(world)
    sender = threading.Thread(
        target=lambda: (kind.send(row), mail_server.events.append("email sent"))
    )
    sender.start()
    try:
        assert mail_server.has_message.wait(SLOW), "the email never reached the server"
        booked = services.book_appointment(
            world.another_client,
            world.therapist,
            world.practice.services.get(),
            dt.datetime(2026, 3, 2, 14, tzinfo=LONDON),
            actor=None,
        )
        mail_server.events.append("booked")
    finally:
        mail_server.go_on.set()
        sender.join(SLOW * 2)
    assert mail_server.events == [
        "server has the message",
        "booked",  # while the server was still busy with the email
        "server took the message",
        "email sent",
    ]
    assert Appointment.objects.get(pk=booked.pk).status == Appointment.Status.BOOKED
    assert kind.marked(fresh(row)) and fresh(row).claimed_at is None


@pytest.mark.django_db
def test_each_email_goes_out_once(
    world: World, mail_server: MailServer, kind: Kind, clock: None
) -> None:
    mail_server.go_on.set()
    row = kind.make(world)
    kind.send(row)
    kind.send(row)  # a retried task, a duplicate job, the cron safety net
    assert len(mail_server.received) == 1
    assert kind.marked(fresh(row)) and fresh(row).claimed_at is None


@pytest.mark.django_db
def test_an_email_another_worker_is_sending_is_left_to_it_until_its_claim_runs_out(
    world: World, mail_server: MailServer, kind: Kind, clock: None
) -> None:
    mail_server.go_on.set()
    row = kind.make(world)
    type(row).objects.filter(pk=row.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=1))
    kind.send(row)
    assert mail_server.received == [] and not kind.marked(fresh(row))
    # That worker died mid-send: once its claim is older than CLAIM_FOR, another takes over.
    died = timezone.now() - outbox.CLAIM_FOR - dt.timedelta(seconds=1)
    type(row).objects.filter(pk=row.pk).update(claimed_at=died)
    kind.send(row)
    assert len(mail_server.received) == 1
    assert kind.marked(fresh(row)) and fresh(row).claimed_at is None


@pytest.mark.django_db
def test_an_email_the_server_refuses_stays_pending_for_the_next_run(
    world: World, mail_server: MailServer, kind: Kind, clock: None
) -> None:
    mail_server.go_on.set()
    mail_server.refusing = True
    row = kind.make(world)
    with pytest.raises(smtplib.SMTPDataError):
        kind.send(row)
    assert not kind.marked(fresh(row)) and fresh(row).claimed_at is None
    mail_server.refusing = False
    kind.send(row)
    assert len(mail_server.received) == 1
    assert kind.marked(fresh(row))
