"""Booking emails in French: the confirmation, the moved and cancelled notices and the
reminder, with the safety net's emergency signs in the same clinical words. The practice's
language is French and its clients chose none, so each email is in French whatever
language is active when it is sent (a background task's is English)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from easeplan.booking import reminders, services, tasks, waitlist
from easeplan.booking.models import Appointment

from ..conftest import World
from ..factories import AppointmentFactory, ClientFactory, WorkingHoursFactory
from ..french import english_left_in, words

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday 08:00 in London (GMT)
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)  # Wednesday 10:00

SAFETY_NET = (
    "Allez immédiatement aux urgences, ou appelez le numéro d’urgence, si vous présentez "
    "l’un de ces signes :"
)


@pytest.fixture(autouse=True)
def french_practice(world: World) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])


@pytest.fixture
def visit(world: World) -> Appointment:
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    return services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )


def read(message: mail.EmailMultiAlternatives) -> tuple[str, str, str]:
    (body, _), *_ = message.alternatives
    return words(message.subject), words(message.body), words(str(body))


def assert_safety_net_in_french(*texts: str) -> None:
    for text in texts:
        assert SAFETY_NET in text
        assert "Une perte du contrôle de la vessie ou des intestins" in text
        assert "Des douleurs, un engourdissement ou une faiblesse dans les deux jambes" in text
        assert "Ces signes demandent un médecin le jour même" in text
        assert english_left_in(text) == []


def test_the_confirmation_reads_in_french(world: World, visit) -> None:
    mail.outbox.clear()
    tasks.send_booking_confirmation.call(visit.code)

    (message,) = mail.outbox
    subject, text, html = read(message)
    assert subject.startswith("Réservé : Treatment, 60 minutes le mercredi 4 mars à 10:00")
    assert "Bonjour Ada," in text and "Bonjour Ada," in html
    assert "Votre séance chez Riverside Massage est réservée :" in text
    assert "mercredi 4 mars 2026" in text
    assert_safety_net_in_french(text, html)


def test_the_moved_notice_reads_in_french(
    world: World, visit, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.move_appointment(visit, TEN + dt.timedelta(days=1), actor=None, now=NOW)

    (message,) = mail.outbox
    subject, text, html = read(message)
    assert subject.startswith("Déplacé : Treatment, 60 minutes a maintenant lieu le jeudi 5 mars")
    assert "a été déplacée" in text and "a été déplacée" in html
    assert_safety_net_in_french(text, html)


def test_the_cancelled_notice_reads_in_french(
    world: World, visit, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)

    (message,) = mail.outbox
    subject, text, html = read(message)
    assert subject.startswith("Annulé : Treatment, 60 minutes le mercredi 4 mars à 10:00")
    assert "est annulée" in text and "est annulée" in html
    assert english_left_in(text) == [] and english_left_in(html) == []


def test_the_reminder_reads_in_french(world: World, visit) -> None:
    mail.outbox.clear()
    (reminder,) = visit.reminders.all()
    with time_machine.travel(reminder.due_at, tick=False):
        reminders.send_reminder.call(reminder.pk)

    (message,) = mail.outbox
    subject, text, html = read(message)
    assert subject.startswith("Rappel : Treatment, 60 minutes mercredi à 10:00")
    assert "Un rappel de votre séance chez Riverside Massage :" in text
    assert_safety_net_in_french(text, html)


def test_the_series_confirmation_reads_in_french(world: World, visit) -> None:
    visits = [visit] + [
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            service=visit.service,
            starts_at=TEN + dt.timedelta(weeks=week),
        )
        for week in (1, 2)
    ]
    mail.outbox.clear()
    tasks.send_series_confirmation.call([v.code for v in visits])

    (message,) = mail.outbox
    subject, text, html = read(message)
    assert subject.startswith("Réservé : 3 séances chez Riverside Massage à partir du mercredi")
    assert "Vos 3 séances chez Riverside Massage sont réservées" in text
    assert "déplacer ou annuler" in html
    assert_safety_net_in_french(text, html)


def test_the_waitlist_offer_reads_in_french(
    world: World, visit, django_capture_on_commit_callbacks
) -> None:
    waiting = ClientFactory(practice=world.practice)
    waitlist.join(world.practice, waiting, visit.service, None, [TEN.date()], now=NOW)
    mail.outbox.clear()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.cancel_appointment(visit, actor=None, now=NOW)

    (offer,) = [m for m in mail.outbox if waiting.email in m.to]
    subject, text, html = read(offer)
    assert subject == "Un créneau s’est libéré : mercredi 4 mars à 10:00"
    assert "Réservez-le ici tant qu’il est libre" in text
    assert english_left_in(text) == [] and english_left_in(html) == []


def test_a_client_who_chose_english_gets_english_from_a_french_practice(world: World) -> None:
    world.client_user.language = "en-gb"
    world.client_user.save(update_fields=["language"])
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    visit = services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )
    mail.outbox.clear()
    tasks.send_booking_confirmation.call(visit.code)

    (message,) = mail.outbox
    subject, text, _html = read(message)
    assert subject.startswith("Booked: Treatment, 60 minutes")
    assert "Bonjour" not in text
