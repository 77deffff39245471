"""The home programme in French for the therapist: the library, prescribing, the reason an
exercise is ruled out and the dosage form's errors; the library itself stays English in
what is stored."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.care.models import PlanOfCare, Prescription
from easeplan.care.programme import rules as exercises

from ...conftest import World, signed_in
from ...factories import PlanOfCareFactory
from ...french import english_left_in, in_french, words
from ...in_french import NBSP
from .test_services import posterior_hip

pytestmark = pytest.mark.django_db


def prescribe_url(plan: PlanOfCare) -> str:
    return reverse("programme:prescribe", args=[plan.code])


def dosage(exercise: str, **changes: object) -> dict[str, object]:
    """The dosage form as a therapist fills it: 30 seconds, 3 times, once a day, daily."""
    fields = {
        "exercise": exercise,
        "hold_seconds": 30,
        "reps": 3,
        "sets": 1,
        "times_per_day": 1,
        "days_per_week": 7,
        "notes": "",
    }
    return {**fields, **changes}


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )


@contextmanager
def staff_in_french(user: User) -> Iterator[HttpClient]:
    User.objects.filter(pk=user.pk).update(language="fr")
    browser = signed_in(user)
    with in_french(browser):
        yield browser


def test_the_library_reads_in_french(world: World) -> None:
    with staff_in_french(world.therapist_user) as browser:
        page = html.unescape(browser.get(reverse("programme:library")).content.decode())
    seen = words(page)
    assert "Bibliothèque d’exercices à la maison" in seen
    assert "Coquillage (clamshell)" in seen and "Pont" in seen
    assert (
        "Renforcement Habituellement : 3 séries de 10, une fois par jour, 4 jours par semaine"
        in (seen)
    )
    assert "Allongez-vous sur le côté, le côté douloureux au-dessus" in seen
    assert f"Conseil pour le client ou la cliente{NBSP}:" in page
    assert "cet exercice fléchit la hanche au-delà de 90°, jambe croisée." in seen
    for english in ("Home exercise library", "Clamshell", "Lie on your side", "Usually:"):
        assert english not in seen
    assert english_left_in(page) == []


def test_a_ruled_out_exercise_says_why_in_french(world: World, plan: PlanOfCare) -> None:
    posterior_hip(world.client)
    with staff_in_french(world.therapist_user) as browser:
        page = html.unescape(
            browser.get(prescribe_url(plan), {"exercise": "figure_4_stretch"}).content.decode()
        )
        refused = browser.post(prescribe_url(plan), dosage("figure_4_stretch"))
    reason = (
        "Pas pour ce ou cette client(e) : cet exercice fléchit la hanche au-delà de 90°, jambe "
        "croisée, ce que les précautions liées à sa prothèse de hanche excluent tant que le "
        "chirurgien ne les a pas levées (HSS Journal 2019)."
    )
    assert reason in words(page)
    assert "Not for this client" not in page
    assert refused.status_code == 400
    assert reason in words(html.unescape(refused.content.decode()))
    assert not Prescription.objects.exists()


def test_a_bad_dosage_is_refused_in_french_and_a_good_one_prescribed(
    world: World, plan: PlanOfCare
) -> None:
    with staff_in_french(world.therapist_user) as browser:
        bad = browser.post(prescribe_url(plan), dosage("bridge", reps=0, days_per_week=9))
        good = browser.post(prescribe_url(plan), dosage("bridge"), follow=True)
    seen = words(html.unescape(bad.content.decode()))
    assert bad.status_code == 400
    assert "Répétitions : saisissez un nombre entier de 1 à 50." in seen
    assert "Jours par semaine : saisissez un nombre entier de 1 à 7." in seen
    assert "enter a whole number" not in seen
    assert "Exercice « Pont » ajouté au programme de Ada." in words(
        html.unescape(good.content.decode())
    )
    # What is stored is the library's code, whatever the language it was prescribed in.
    assert Prescription.objects.get().exercise == "bridge"
    assert exercises.BY_CODE["bridge"].name == "Bridge"
