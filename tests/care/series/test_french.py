"""Booking a plan's series in French: the proposal, why a visit moved, the confirmation,
and the refusals, as staff and as the client."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.booking import services
from easeplan.care.series import services as series

from ...conftest import World, signed_in
from ...factories import ClientFactory
from ...french import english_left_in, in_french, words
from ...in_french import reading_in_french
from .conftest import MONDAY, WEEK, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def offer_for(world: World, plan, *, staff: bool = True) -> series.SeriesOffer:  # type: ignore[no-untyped-def]
    return series.proposal_for(
        plan, first_start=at(MONDAY, 9), therapist=world.therapist, service=plan.service,
        staff=staff,
    )  # fmt: skip


def chosen(offer: series.SeriesOffer) -> dict[str, str]:
    """The form as the page submits it untouched: each visit's proposed time."""
    return {
        f"visit-{v.number}": v.starts.astimezone(dt.UTC).isoformat()
        for v in offer.visits
        if v.starts is not None
    }


@contextmanager
def staff_in_french(user: User) -> Iterator[HttpClient]:
    User.objects.filter(pk=user.pk).update(language="fr")
    browser = signed_in(user)
    with in_french(browser):
        yield browser


def test_staff_read_the_proposal_in_french(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    services.book_appointment(
        ClientFactory(practice=world.practice), world.therapist, plan.service,
        at(MONDAY + WEEK, 9), actor=None, staff=True,
    )  # fmt: skip
    with staff_in_french(world.therapist_user) as browser:
        response = browser.get(reverse("series:propose", args=[plan.code]))
    page = html.unescape(response.content.decode())
    seen = words(page)
    assert response.status_code == 200
    assert "Réserver les séances du plan" in seen
    assert "4 séances, tous les 7 jours" in seen
    assert "Séance 1 sur 4 : lun 9 mars, 09:00" in seen
    assert "Même jour de la semaine et même heure" in seen
    assert "Décalée : le créneau du lun 16 mars à 09:00 est pris" in seen
    assert "lundi 16 mars, 10:15" in seen
    assert "Ne pas réserver cette séance maintenant" in seen
    assert "Réserver les séances choisies" in seen
    for english in ("Visit 1 of 4", "Same weekday", "Moved:", "is taken", "Monday", "Book the"):
        assert english not in seen
    assert english_left_in(page) == []


def test_the_client_books_their_series_in_french(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    with reading_in_french(world.client_user) as browser:
        url = reverse("series:mine", args=[plan.code])
        page = html.unescape(browser.get(url).content.decode())
        booked = browser.post(url, chosen(offer_for(world, plan, staff=False)), follow=True)
    seen = words(page)
    assert "Votre plan : 4 séances, une tous les 7 jours, avec Dana Whitlockova." in seen
    assert "Toutes les séances choisies sont réservées ensemble, ou aucune." in seen
    assert "Jours préférés" in seen and "Afficher une nouvelle proposition" in seen
    assert english_left_in(page) == []
    assert plan.visits.count() == 4
    assert (
        "Vos 4 séances sont réservées (du lun 9 mars au lun 30 mars). Nous vous avons "
        "envoyé par e-mail la liste avec un fichier de calendrier."
    ) in words(booked.content.decode())


def test_a_time_taken_meanwhile_is_refused_in_french(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    choices = chosen(offer_for(world, plan))
    services.book_appointment(
        ClientFactory(practice=world.practice), world.therapist, plan.service,
        at(MONDAY + WEEK, 9), actor=None, staff=True,
    )  # fmt: skip
    with staff_in_french(world.owner) as browser:
        response = browser.post(reverse("series:propose", args=[plan.code]), choices)
    seen = words(response.content.decode())
    assert response.status_code == 409
    assert (
        "Le créneau du lun 16 mars à 09:00 vient d’être pris, rien n’a donc été réservé ; "
        "voici une nouvelle proposition."
    ) in seen
    assert "Nouvelle proposition" in seen
    assert not plan.visits.exists()


def test_bad_preferences_are_refused_in_french(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    query = {"first_day": MONDAY.isoformat(), "tolerance": 2, "time_from": "10:00"}
    with reading_in_french(world.client_user) as browser:
        response = browser.get(f"{reverse('series:mine', args=[plan.code])}?{urlencode(query)}")
    seen = words(response.content.decode())
    assert response.status_code == 400
    assert "Indiquez les deux bornes des horaires préférés, ou aucune." in seen
    assert "Give both ends" not in seen
