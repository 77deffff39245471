"""The public site in French: home, every condition page, contact and the offline page say
in French what they say in English, with no English sentence of ours left over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.site.conditions import CONDITIONS

from ..conftest import World
from ..french import english_left_in, in_french, words

pytestmark = pytest.mark.django_db


def test_the_home_page_reads_in_french(client, world: World) -> None:
    with in_french(client):
        page = client.get("/").content.decode()

    assert "Faire l’auto-évaluation rapide" in page
    assert "Réserver un bilan initial" in page
    assert "Beaucoup de personnes trouvent que le massage les aide" in page
    assert "Syndrome du piriforme" in page
    assert "Séances et tarifs" in words(page)
    assert english_left_in(page) == []


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.slug)
def test_every_condition_page_reads_in_french(client, world: World, condition) -> None:
    with in_french(client):
        page = client.get(reverse("site:condition", args=[condition.slug])).content.decode()

    assert "Quand consulter plutôt un médecin" in page
    assert "Un massothérapeute ne pose pas de diagnostic" in page
    # The red flags come from the screening rules, translated where they are shown.
    assert "Des douleurs, un engourdissement ou une faiblesse dans les deux jambes" in page
    assert "Un mollet gonflé, sensible, chaud ou rouge (un caillot possible)" in page
    assert english_left_in(page) == []


def test_the_piriformis_page_in_french_describes_findings_not_a_diagnosis(
    client, world: World
) -> None:
    with in_french(client):
        page = words(
            client.get(reverse("site:condition", args=["piriformis-syndrome"])).content.decode()
        )

    assert "Les quatre signes qui l’évoquent" in page
    assert "compatibles avec un syndrome du piriforme" in page
    assert "C’est un tableau utile, pas un diagnostic." in page
    assert "vous avez un syndrome du piriforme" not in page.lower()


def test_the_contact_form_and_its_errors_read_in_french(client, world: World) -> None:
    with in_french(client):
        page = client.post(reverse("site:contact"), {"topic": "question"}).content.decode()

    assert "Contacter Riverside Massage" in page
    assert "Veuillez nous indiquer votre nom." in page
    assert "3\u00a0champs sont à revoir." in page or "3 champs sont à revoir." in words(page)
    assert "Une question" in page
    assert english_left_in(page) == []


def test_the_offline_page_reads_in_french(client, world: World) -> None:
    with in_french(client):
        page = client.get("/offline/").content.decode()

    assert '<html lang="fr">' in page
    assert "Vous êtes hors ligne" in page
    assert english_left_in(page) == []


def test_english_stays_the_default(client, world: World) -> None:
    page = client.get("/").content.decode()

    assert "Take the quick self-check" in page
    assert "Faire l’auto-évaluation rapide" not in page
