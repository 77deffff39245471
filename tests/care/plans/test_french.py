"""A plan of care in French: the therapist's plan page and review, and the client's own plan
with their home programme, read in French from end to end."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.care.models import PlanOfCare

from ...conftest import World, signed_in
from ...factories import AppointmentFactory, PlanOfCareFactory, PrescriptionFactory
from ...french import english_left_in, in_french, words
from ...in_french import NBSP, reading_in_french

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)  # Wednesday 4 March 2026


@pytest.fixture(autouse=True)
def now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    """Five weekly visits from Monday 2 March: one done, one coming; two exercises."""
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        starts_on=dt.date(2026, 3, 2),
        baseline_pain=6,
    )
    for days in (-2, 5):
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=NOW + dt.timedelta(days=days),
        )
    PrescriptionFactory(plan=plan, prescribed_at=NOW - dt.timedelta(days=2))
    PrescriptionFactory(
        plan=plan,
        exercise="bridge",
        hold_seconds=None,
        reps=10,
        sets=3,
        days_per_week=4,
        prescribed_at=NOW - dt.timedelta(days=2),
    )
    return plan


@contextmanager
def staff_in_french(user: User) -> Iterator[HttpClient]:
    """A staff member (MFA used) who chose French."""
    User.objects.filter(pk=user.pk).update(language="fr")
    browser = signed_in(user)
    with in_french(browser):
        yield browser


def page_of(browser: HttpClient, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_therapist_reads_the_plan_page_in_french(world: World, plan: PlanOfCare) -> None:
    with staff_in_french(world.therapist_user) as browser:
        page = page_of(browser, reverse("plans:detail", args=[plan.code]))
    seen = words(page)
    assert f"<h1>Plan de soins{NBSP}: Syndrome du piriforme</h1>" in page
    assert "Où en est Ada" in seen
    assert "Séance 2 sur 5 · 1 effectuée" in seen
    assert "Séances 5 sur 4 semaines, tous les 7 jours" in seen
    assert f"Séances effectuées{NBSP}: 1 sur 5" in page  # the progress bar's label
    assert "Programme d’exercices à la maison" in seen
    assert "Étirement en « 4 », allongé" in seen
    assert "Tenir 30 secondes, 3 fois, une fois par jour" in seen
    assert "3 séries de 10, une fois par jour, 4 jours par semaine" in seen
    assert "Cette semaine jusqu’ici" in seen
    assert "Prescrire un exercice" in seen
    assert "habituellement pousser 5 secondes, 5 fois, une fois par jour" in seen
    assert "venu(e)" in seen and "à venir" in seen  # the visits' states
    assert "Changer le statut du plan" in seen
    for english in (
        "Plan of care",
        "Where Ada is",
        "Home programme",
        "Hold 30 seconds",
        "once a day",
        "Lying figure-4 stretch",
        "Prescribe an exercise",
        "upcoming",
    ):
        assert english not in seen
    assert english_left_in(page) == []


def test_the_review_suggests_the_next_step_in_french(world: World, plan: PlanOfCare) -> None:
    with staff_in_french(world.therapist_user) as browser:
        page = page_of(browser, reverse("plans:review", args=[plan.code]))
    seen = words(page)
    assert "Réévaluation du plan" in seen
    assert "1 effectuée(s) sur 5, 1 réservée(s)" in seen
    assert "6/10 au début ; pas encore notée dans une note de séance" in seen
    assert f"6/10 au début{NBSP}; pas encore" in page
    assert f"Sit through a film{NBSP}; Run 5 km" in page  # the client's own words
    assert "Poursuivre le plan" in seen
    assert "La douleur n’a pas été mesurée au début et depuis" in seen
    assert f"30{NBSP}%" in page and "Farrar 2001" in seen
    assert "Suggested next step" not in seen and "Pain has not been measured" not in seen
    assert english_left_in(page) == []


def test_a_refused_status_change_says_why_in_french(world: World, plan: PlanOfCare) -> None:
    with staff_in_french(world.therapist_user) as browser:
        url = reverse("plans:status", args=[plan.code])
        response = browser.post(url, {"status": "paused", "reason": ""}, follow=True)
    assert "Indiquez pourquoi le plan est en pause." in words(response.content.decode())
    plan.refresh_from_db()
    assert plan.status == "active"


def test_the_client_reads_their_plan_and_home_programme_in_french(
    world: World, plan: PlanOfCare
) -> None:
    with reading_in_french(world.client_user) as browser:
        page = page_of(browser, reverse("plans:mine", args=[plan.code]))
    seen = words(page)
    assert f"<h1>Votre plan{NBSP}: Syndrome du piriforme</h1>" in page
    assert "Séance 2 sur 5" in seen
    assert "Vos exercices à la maison" in seen
    assert "Étirement en « 4 », allongé" in seen and "Pont" in seen
    assert "Tenir 30 secondes, 3 fois, une fois par jour" in seen
    assert "Marquer comme fait" in seen and "Pas encore fait aujourd’hui." in seen
    assert f'alt="Étirement en «{NBSP}4{NBSP}», allongé{NBSP}: dessin de la position"' in page
    assert "Séances réservées : 2 sur 5." in seen and "3 encore à réserver." in seen
    for english in (
        "Your home exercises",
        "Mark as done",
        "Hold 30 seconds",
        "Lying figure-4 stretch",
        "Where you are",
        "What comes next",
    ):
        assert english not in seen
    assert english_left_in(page) == []


def test_the_client_reads_how_to_do_an_exercise_in_french(world: World, plan: PlanOfCare) -> None:
    prescription = plan.prescriptions.get(exercise="figure_4_stretch")
    with reading_in_french(world.client_user) as browser:
        page = page_of(browser, reverse("programme:exercise", args=[prescription.code]))
        ticked = browser.post(
            reverse("programme:tick", args=[prescription.code]),
            {"action": "tick", "session": 1, "page": "exercise"},
            HTTP_HX_REQUEST="true",
        )
    seen = words(page)
    assert "Comment le faire" in seen
    assert "Allongez-vous sur le dos, les deux genoux fléchis et les pieds à plat." in seen
    assert "pour que vos jambes forment un 4." in seen
    assert "Conseil : Un étirement, jamais une douleur vive" in seen
    assert "Allez immédiatement aux urgences" in seen
    assert "Lie on your back" not in seen and "emergency department" not in seen
    assert english_left_in(page) == []
    done = words(ticked.content.decode())
    assert "Fait aujourd’hui ✓" in done and "Cette semaine" in done
    assert "Done today" not in done
