"""The client's portal in French: the home page's sections and the messages pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.portal.models import Message

from ..conftest import World, page_text
from ..in_french import NBSP, reading_in_french
from .test_home import NOW, visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_home_page_reads_in_french(world: World) -> None:
    visit(world, dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC))
    visit(world, NOW + 10 * dt.timedelta(days=1))
    with reading_in_french(world.client_user) as browser:
        text = page_text(browser.get(reverse("account_home")))
    assert "Votre prochaine visite" in text
    assert "<strong>lundi 23 novembre</strong> à <strong>10:00</strong>" in text
    assert "avec Dana Whitlockova chez Riverside Massage" in text
    assert "1 autre visite réservée" in text
    assert "Questions de santé (questionnaire d'accueil)</a> — <strong>pas encore rempli" in text
    assert "Lire et signer vos consentements" in text
    assert "Messages, connexion et sécurité" in text
    for english in ("Your next visit", "more visit booked", "not signed yet", "Book a visit"):
        assert english not in text


def test_the_messages_pages_read_in_french(world: World) -> None:
    message = Message.objects.create(
        practice=world.practice,
        client=world.client,
        sender=world.therapist_user,
        subject="Your exercises",
        body="Hello Ada",
    )
    with reading_in_french(world.client_user) as browser:
        listing = page_text(browser.get(reverse("portal:messages")))
        page = page_text(browser.get(reverse("portal:message", args=[message.code])))
    assert "<h1>Messages de votre cabinet</h1>" in listing
    assert "De Riverside Massage" in listing and "nouveau" in listing
    assert f"Vous voulez répondre{NBSP}?" in page
    assert "Vous ne pouvez pas répondre ici. Contactez directement Riverside Massage." in page
    assert "Want to answer?" not in page and "From Riverside" not in listing
