"""The self-check in French: the questions, the answers and every result say in French what
the English says — a pattern and a next step, never a diagnosis or a promise of relief."""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.screening.rules.self_check import EMERGENCY_FLAGS, URGENT_FLAGS

from ...conftest import World
from ...french import english_left_in, in_french, words

pytestmark = pytest.mark.django_db

# A typical story: buttock and leg pain, worse sitting and on stairs, no red flag.
TYPICAL = {
    "where": {"areas": ["buttock", "down_the_leg"], "both_sides": "one"},
    "worse": {"aggravators": ["sitting", "stairs"], "tender_deep_in_buttock": "on"},
    "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
    "safety": {},
    "health": {},
}


def walk(client, answers: dict[str, dict]):  # type: ignore[no-untyped-def]
    """Post each step's answers, then open the result the last step leads to."""
    response = None
    for name, data in answers.items():
        response = client.post(reverse("screening:step", args=[name]), data)
        assert response.status_code == 302, name
    return client.get(response["Location"])


@pytest.mark.parametrize("step", ["where", "worse", "story", "safety", "health"])
def test_every_step_asks_in_french(client, world: World, step: str) -> None:
    with in_french(client):
        page = client.get(reverse("screening:step", args=[step])).content.decode()

    assert "Auto-évaluation · étape" in page
    assert english_left_in(page) == []


def test_the_safety_questions_are_asked_in_french(client, world: World) -> None:
    with in_french(client):
        page = words(client.get(reverse("screening:step", args=["safety"])).content.decode())

    assert "Avez-vous perdu le contrôle de votre vessie ou de vos intestins ?" in page
    assert "Questions de sécurité (1 sur 2)" in page


def test_a_typical_story_fits_a_pattern_in_french_and_offers_booking(client, world: World) -> None:
    with in_french(client):
        page = words(walk(client, TYPICAL).content.decode())

    assert "Vos réponses correspondent au tableau d’une douleur du piriforme" in page
    assert "Ce n’est pas un diagnostic" in page
    assert "Réserver un bilan initial" in page
    assert english_left_in(page) == []


def test_missing_answers_are_named_in_french(client, world: World) -> None:
    with in_french(client):
        page = client.post(reverse("screening:step", args=["where"]), {}).content.decode()

    assert "Veuillez choisir au moins un endroit." in page
    assert "Erreur\u00a0:" in page


def test_an_emergency_answer_sends_to_the_emergency_department_in_french(
    client, world: World
) -> None:
    answers = TYPICAL | {"safety": {"red_flags": [EMERGENCY_FLAGS[0].code]}}
    with in_french(client):
        page = words(walk(client, answers).content.decode())

    assert "Allez aux urgences aujourd’hui" in page
    assert "Veuillez ne pas réserver de massage." in page
    assert "Des difficultés récentes pour uriner" in page
    assert "Réserver un bilan initial" not in page
    assert english_left_in(page) == []


@pytest.mark.parametrize("flag", URGENT_FLAGS, ids=lambda f: f.code)
def test_each_urgent_answer_gives_its_advice_in_french(client, world: World, flag) -> None:
    answers = TYPICAL | {"health": {"red_flags": [flag.code]}}
    with in_french(client):
        page = walk(client, answers).content.decode()

    assert "Réserver un bilan initial" not in page
    assert english_left_in(page) == []


def test_inflammatory_back_pain_advice_reads_in_french(client, world: World) -> None:
    story = TYPICAL["story"] | {
        "started_before_45": "on",
        "inflammatory_signs": ["morning_stiffness", "better_with_exercise"],
    }
    with in_french(client):
        page = words(walk(client, TYPICAL | {"story": story}).content.decode())

    assert "Le massage peut avoir lieu — consultez aussi votre médecin traitant" in page
    assert "spondyloarthrite axiale" in page
    assert english_left_in(page) == []
