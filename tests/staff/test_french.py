"""The staff side in French for a team member who chose French on their account: the
dashboard, the calendar's week, a client's page, the practice settings, and the messages
and emails of the day's work."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.portal import services as portal
from easeplan.site import emails as site_emails

from ..conftest import World, signed_in
from ..factories import AppointmentFactory, ContactMessageFactory, TimeOffFactory
from ..french import english_left_in
from ..in_french import NBSP

pytestmark = pytest.mark.django_db

MONDAY_MORNING = dt.datetime(2026, 3, 30, 7, tzinfo=dt.UTC)  # 08:00 in London (BST)
TEN = dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC)  # 10:00 in London


@pytest.fixture(autouse=True)
def monday():  # type: ignore[no-untyped-def]
    with time_machine.travel(MONDAY_MORNING, tick=False):
        yield


def seen(response) -> str:  # type: ignore[no-untyped-def]
    """The words of a page, tags dropped and ordinary white space run together; the
    no-break spaces of French typography stay."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"[ \t\r\n]+", " ", text)


def in_french(user: User) -> HttpClient:
    """A browser of `user`, whose account says French (no cookie, no browser language)."""
    User.objects.filter(pk=user.pk).update(language="fr")
    return signed_in(user)


def visit_at_ten(world: World) -> None:
    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=TEN,
    )


def test_the_dashboard_reads_in_french(world: World) -> None:
    visit_at_ten(world)
    text = seen(in_french(world.owner).get(reverse("practice:dashboard")))
    assert "lundi 30 mars" in text
    assert "1 séance aujourd'hui" in text
    assert "Séances du jour" in text
    assert "Heure Client(e) Séance Thérapeute Statut" in text
    assert "10:00–11:00 Ada Quillfeather" in text
    assert "Réservé" in text
    assert "Thérapeutes" in text
    for english in ("Monday", "visit today", "Today's visits", "Therapists", "Booked"):
        assert english not in text


def test_the_calendar_week_names_its_days_in_french(world: World) -> None:
    visit_at_ten(world)
    TimeOffFactory(
        therapist=world.therapist,
        starts_at=dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 4, 2, 8, tzinfo=dt.UTC),
        reason="Formation",
    )
    browser = in_french(world.therapist_user)
    text = seen(browser.get(reverse("practice:calendar_week"), {"day": "2026-03-30"}))
    assert "Semaine du 30 mars 2026" in text
    for day in ("lundi 30 mars", "mardi 31 mars", "mercredi 1 avril", "dimanche 5 avril"):
        assert day in text
    assert "Agenda de Dana Whitlockova . Les heures sont en Europe/London." in text
    assert "Semaine précédente" in text and "Semaine suivante" in text
    assert "aujourd'hui" in text
    assert f"Absence{NBSP}: à partir de 13:00 (Formation)" in text
    assert f"Absence{NBSP}: jusqu'à 09:00 (Formation)" in text
    assert "Ne travaille pas" in text
    assert "Aucune séance." in text
    for english in ("Monday", "Week of", "Previous week", "Not working", "Time off", "until"):
        assert english not in text
    assert english_left_in(text) == []


def test_the_calendar_day_offers_free_times_in_french(world: World) -> None:
    browser = in_french(world.therapist_user)
    text = seen(browser.get(reverse("practice:calendar"), {"day": "2026-03-30"}))
    assert "lundi 30 mars 2026" in text
    assert "Horaires de travail et créneaux libres" in text
    assert "Réserver 09:00" in text
    assert "Jour précédent" in text and "Jour suivant" in text


def test_a_clients_page_reads_in_french(world: World) -> None:
    visit_at_ten(world)
    browser = in_french(world.front_desk)
    text = seen(browser.get(reverse("practice:client", args=[world.client.code])))
    assert "Réserver une séance" in text
    assert "Messages à Ada" in text
    assert "Aucun message envoyé pour l'instant." in text
    assert "Écrire un message à Ada" in text
    assert "Ada reçoit un e-mail indiquant qu'un message l'attend" in text
    assert "Quand Séance Thérapeute Statut" in text
    assert "lun 30 mars 2026 10:00" in text
    for english in ("Book a visit", "Messages to", "No messages sent yet", "When Visit"):
        assert english not in text
    assert english_left_in(text) == []


def test_practice_settings_read_and_save_in_french(world: World) -> None:
    browser = in_french(world.owner)
    url = reverse("practice:settings")
    text = seen(browser.get(url))
    assert "Informations du cabinet" in text
    for label in ("Nom", "Fuseau horaire", "Pays", "Devise", "Langue", "Délai d’annulation"):
        assert label in text
    assert "Les rendez-vous sont affichés dans ce fuseau horaire." in text
    assert "Les tarifs et les factures sont dans cette devise" in text
    assert "préavis minimum pour la réservation en ligne (heures)" in text.lower()
    for english in ("Practice details", "Time zone", "Currency", "Appointments are shown"):
        assert english not in text
    assert english_left_in(text) == []

    practice = world.practice
    form = {
        "name": practice.name,
        "time_zone": "Europe/Paris",
        "country": "FR",
        "currency": "XYZ",
        "language": "fr",
        "email": practice.email,
        "cancellation_notice_hours": 24,
        "min_booking_notice_hours": 2,
        "booking_horizon_days": 60,
        "reminder_hours_before": 24,
        "plan_abandoned_after_days": 42,
        "record_retention_years": 8,
    }
    refused = seen(browser.post(url, form))
    assert f"«{NBSP}XYZ{NBSP}» n’est pas une devise que nous connaissons." in refused
    saved = browser.post(url, form | {"currency": "EUR"}, follow=True)
    assert "Informations du cabinet enregistrées." in seen(saved)


def test_attendance_is_recorded_in_french(world: World) -> None:
    visit_at_ten(world)
    visit = world.practice.appointments.get()
    browser = in_french(world.therapist_user)
    with time_machine.travel(TEN + dt.timedelta(minutes=5), tick=False):
        page = seen(browser.get(reverse("visits:detail", args=[visit.code])))
        assert "Ada Quillfeather avec Dana Whitlockova" in page
        assert f"Statut{NBSP}: Réservé" in page
        assert "Venu(e)" in page and "Absent(e)" in page
        done = browser.post(
            reverse("visits:attendance", args=[visit.code]), {"attended": "no"}, follow=True
        )
    text = seen(done)
    assert "Marqué(e) comme «\u00a0Absent(e)\u00a0»." in text
    assert f"Statut{NBSP}: Absent(e)" in text


def test_a_message_to_a_french_client_is_announced_in_french(
    world: World, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=world.client_user.pk).update(language="fr")
    world.client.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        portal.send_message(
            world.client, subject="Votre séance", body="À lundi.", sender=world.owner
        )
    (email,) = mail.outbox
    assert email.subject == "Un message de Riverside Massage"
    assert "Riverside Massage vous a envoyé un message. Connectez-vous pour le lire" in email.body
    assert "rien de personnel ne circule par e-mail" in email.body
    assert "Sign in to read it" not in email.body


def test_a_contact_message_reaches_a_french_practice_in_french(world: World) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])
    contact = ContactMessageFactory(practice=world.practice, name="Noor Vandermeulen")
    mail.outbox.clear()
    site_emails.contact_received(contact)
    (email,) = mail.outbox
    assert email.subject.startswith(f"Nouveau message de Noor Vandermeulen{NBSP}:")
    assert "Noor Vandermeulen a envoyé un message depuis le site de Riverside Massage." in (
        email.body
    )
    assert f"/staff/inbox/{contact.code}/" in email.body
    assert "sent a message through" not in email.body


def test_english_stays_the_default(world: World) -> None:
    text = seen(signed_in(world.owner).get(reverse("practice:dashboard")))
    assert "Today's visits" in text
    assert "Séances du jour" not in text


def test_booking_a_visit_for_a_client_reads_in_french(world: World) -> None:
    browser = in_french(world.front_desk)
    text = seen(browser.get(reverse("visits:new")))
    assert "Réserver une séance" in text
    for label in ("Client(e)", "Prestation", "Thérapeute", "Début"):
        assert label in text
    assert "Dans le fuseau horaire du cabinet." in text
    assert "Nouveau client / nouvelle cliente" in text
    assert english_left_in(text) == []
    for english in ("Starts", "New client", "In the practice's time zone"):
        assert english not in text


def test_the_public_site_settings_read_in_french(world: World) -> None:
    text = seen(in_french(world.owner).get(reverse("site:settings")))
    assert "Votre site public" in text
    assert "Introduction de la page d'accueil" in text
    assert "Pages sur les troubles affichées sur le site" in text
    assert "Douleurs du bas du dos" in text  # a condition page's title
    assert "Afficher l'équipe" in text
    assert english_left_in(text) == []
    for english in ("Your public site", "Low back pain", "Show the team"):
        assert english not in text
