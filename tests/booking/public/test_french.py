"""Online booking in French: choosing, confirming, the booked page, moving or cancelling
and the waitlist say in French what they say in English, dates included."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking import links, services
from easeplan.booking.models import Appointment

from ...conftest import World
from ...factories import WorkingHoursFactory, a_free_time, confirm_url
from ...french import english_left_in, in_french, words

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)  # Monday 08:00 in London (GMT)
TEN = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)  # Wednesday 10:00


@pytest.fixture
def service(world: World):
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


def test_the_booking_page_reads_in_french(client, world: World, service) -> None:
    with in_french(client):
        page = client.get(
            reverse("booking:book"), {"service": service.code, "therapist": "any"}
        ).content.decode()

    assert "Réserver une séance" in page
    assert "1. Que souhaitez-vous réserver\u00a0?" in page
    assert "Premier disponible" in page
    assert "vérifiez avant de réserver" in page
    assert english_left_in(page) == []


def test_missing_details_are_named_in_french_and_nothing_is_booked(
    client, world: World, service
) -> None:
    start = a_free_time(world, service)
    details = {"first_name": "", "last_name": "Lefèvre", "email": "", "phone": "0117 496 0123"}
    with in_french(client):
        page = client.post(confirm_url(service, world.therapist, start), details).content.decode()

    assert "Confirmez votre séance" in page
    assert "Veuillez indiquer votre prénom." in page
    assert "Veuillez indiquer votre e-mail\u00a0: la confirmation y sera envoyée." in page
    assert "Prénom" in page and "Téléphone" in page
    assert english_left_in(page) == []
    assert not Appointment.objects.exists()


def test_a_booked_visit_is_confirmed_in_french_with_a_french_date(
    client, world: World, service
) -> None:
    start = a_free_time(world, service)
    details = {"first_name": "Robin", "last_name": "Lefèvre", "email": "robin@example.org"}
    with in_french(client):
        response = client.post(
            confirm_url(service, world.therapist, start), details | {"phone": "0117 496 0123"}
        )
        page = words(client.get(response["Location"]).content.decode())

    assert "Votre séance est réservée" in page
    assert "Avant votre séance" in page or "Nous avons envoyé une confirmation" in page
    day = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
    assert day[start.astimezone(world.practice.zone).weekday()] in page
    assert english_left_in(page) == []


def test_the_manage_page_moves_and_cancels_in_french(client, world: World, service) -> None:
    visit = services.book_appointment(
        world.client, world.therapist, service, TEN, actor=None, now=NOW
    )
    url = reverse("booking:manage", args=[links.manage_token(visit)])
    with time_machine.travel(NOW, tick=False), in_french(client):
        page = words(client.get(url).content.decode())
        assert "Déplacer à un autre horaire" in page
        assert "Annuler cette séance" in page
        assert "mercredi 4 mars 2026" in page
        assert english_left_in(page) == []
        client.post(url, {"action": "cancel"})
        page = words(client.get(url).content.decode())

    assert "Annulée." in page
    assert "Réserver un autre horaire" in page


def test_the_waitlist_reads_in_french(client, world: World, service) -> None:
    with time_machine.travel(NOW, tick=False), in_french(client):
        url = reverse("booking:waitlist") + f"?service={service.code}"
        page = words(client.get(url).content.decode())
        assert "Prévenez-moi quand un créneau se libère" in page
        assert "S’inscrire sur la liste d’attente" in page
        assert english_left_in(page) == []
        done = client.post(
            url,
            {
                "days": ["2026-03-04"],
                "first_name": "Robin",
                "last_name": "Lefèvre",
                "email": "robin@example.org",
                "phone": "0117 496 0123",
            },
        )
        page = words(done.content.decode())

    assert "Vous êtes sur la liste d’attente" in page
    assert "Nous vous écrirons si un créneau se libère le mercredi 4 mars." in page


def test_a_time_too_soon_is_refused_in_french(client, world: World, service) -> None:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)).replace(second=0, microsecond=0)
    details = {"first_name": "Robin", "last_name": "Lefèvre", "email": "robin@example.org"}
    with in_french(client):
        page = words(
            client.post(
                confirm_url(service, world.therapist, start), details | {"phone": "0117 496 0123"}
            ).content.decode()
        )

    assert "Veuillez choisir un horaire plus tardif" in page
    assert not Appointment.objects.exists()
