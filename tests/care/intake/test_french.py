"""The intake in French: every question, answer, message and result page a French client
reads, saying what the English says (no diagnosis, no promise of relief)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.care.intake import rules as intake
from easeplan.care.intake.services import keep_self_check
from easeplan.care.models import Intake
from easeplan.screening.rules import self_check as rules

from ...conftest import World, give_totp, signed_in
from ...french import english_left_in, words
from ...in_french import NBSP, reading_in_french
from .test_form import VALID

pytestmark = pytest.mark.django_db


def client_url(world: World) -> str:
    return reverse("intake:client_intake", args=[world.client.code])


def test_the_empty_intake_asks_every_question_in_french(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        page = browser.get(client_url(world)).content.decode()
    seen = words(page)

    assert "<h1>Votre questionnaire de santé</h1>" in page
    assert "Avant votre première séance, parlez à Riverside Massage de votre douleur" in seen
    for legend in ("Votre douleur", "Signes d’alerte", "Votre santé", "Zones à éviter"):
        assert f"<legend><h2>{legend}</h2></legend>" in page
    # The clinical questions: health conditions, places to avoid, red flags, the hip.
    assert "Ostéoporose (os fins ou fragiles)" in seen
    assert "Un mollet gonflé, douloureux au toucher, chaud ou rouge" in seen
    assert f"Varices — où{NBSP}?" in page  # French spacing, kept as written
    assert "Avez-vous perdu le contrôle de votre vessie ou de vos intestins ?" in seen
    assert "Par quelle voie la hanche a-t-elle été opérée ?" in seen
    assert "Envoyer le questionnaire" in seen and "Enregistrer et terminer plus tard" in seen
    assert english_left_in(page) == []
    for english in ("Your health questionnaire", "Warning signs", "Varicose veins", "Submit"):
        assert english not in seen


def test_missing_answers_are_named_in_french_and_nothing_is_saved(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        response = browser.post(client_url(world), {"action": "submit"})
    seen = words(response.content.decode())

    assert response.status_code == 400
    assert "Erreur" in seen
    assert "Veuillez indiquer votre date de naissance." in seen
    assert "Veuillez nous indiquer vos objectifs, avec vos propres mots." in seen
    assert "Veuillez corriger ces" in seen and "points pour envoyer le questionnaire" in seen
    assert "Rien n’a encore été envoyé." in seen
    assert english_left_in(response.content.decode()) == []
    assert not Intake.objects.filter(submitted_at__isnull=False).exists()


def test_a_french_client_submits_the_intake_and_is_thanked_in_french(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        response = browser.post(client_url(world), {**VALID, "action": "submit"})
        assert response.status_code == 302
        done = browser.get(response["Location"]).content.decode()
        again = words(browser.get(client_url(world)).content.decode())

    assert "<h1>Merci</h1>" in done
    assert "votre thérapeute lira vos réponses avant votre séance" in words(done)
    assert "Lire et signer vos consentements" in words(done)
    assert "Ceci n’est pas un diagnostic." in words(done)
    assert english_left_in(done) == []
    # The answers are kept as codes, whatever the language they were given in.
    saved = Intake.objects.get(client=world.client)
    assert saved.answers["areas"] == ["buttock", "down_the_leg"]
    assert saved.version == intake.INTAKE_VERSION
    assert "Rempli le" in again and "Vous pouvez modifier vos réponses" in again


def test_a_red_flag_sends_a_french_client_to_a_doctor_in_french(world: World) -> None:
    answers = {**VALID, "red_flags": ["bladder_bowel_control"], "action": "submit"}
    with reading_in_french(world.client_user) as browser:
        response = browser.post(client_url(world), answers)
        done = browser.get(response["Location"]).content.decode()
    seen = words(done)

    assert "<h1>Allez aux urgences aujourd’hui</h1>" in done
    assert "Merci de ne pas venir pour un massage." in seen
    assert "Une perte du contrôle de la vessie ou des intestins" in seen
    assert "La réservation en ligne est suspendue." in seen
    assert english_left_in(done) == []


def test_an_urgent_flag_says_what_to_do_in_french(world: World) -> None:
    answers = {**VALID, "red_flags": ["night_pain"], "action": "submit"}
    with reading_in_french(world.client_user) as browser:
        response = browser.post(client_url(world), answers)
        done = browser.get(response["Location"]).content.decode()
    seen = words(done)

    assert "<h1>Consultez un médecin avant votre massage</h1>" in done
    assert "Veuillez consulter un médecin avant tout massage." in seen
    assert english_left_in(done) == []


def test_a_saved_draft_is_confirmed_in_french(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        response = browser.post(client_url(world), {"goals": "Courir", "action": "draft"})
        page = words(browser.get(response["Location"]).content.decode())

    assert "Enregistré. Vous pouvez revenir terminer plus tard" in page
    assert "Affichage du brouillon enregistré le" in page


def test_the_same_intake_still_reads_in_english(world: World) -> None:
    page = words(signed_in(world.client_user, mfa=False).get(client_url(world)).content.decode())
    assert "Your health questionnaire" in page and "Varicose veins — where?" in page
    assert "Votre questionnaire" not in page


@time_machine.travel(dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC), tick=False)
def test_a_self_checks_answers_carry_over_in_french(world: World) -> None:
    steps = {
        "where": {"areas": ["buttock", "down_the_leg"], "both_sides": False},
        "worse": {"aggravators": ["sitting", "stairs"], "tender_deep_in_buttock": True},
        "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
        "safety": {"red_flags": []},
        "health": {"red_flags": []},
    }
    keep_self_check(world.client, steps, version=rules.QUESTIONNAIRE_VERSION)
    with reading_in_french(world.client_user) as browser:
        page = browser.get(client_url(world)).content.decode()
    seen = words(page)

    assert "D’après votre auto-évaluation du 3 novembre 2026 :" in seen
    assert "<dd>Profondément dans la fesse, À l’arrière de la jambe, en descendant</dd>" in page
    assert "Modifier ces réponses" in seen
    assert english_left_in(page) == []


def test_a_french_clinician_fills_the_intake_in_french_and_reads_the_red_flags(
    world: World,
) -> None:
    give_totp(world.therapist_user)
    User.objects.filter(pk=world.therapist_user.pk).update(language="fr")
    clinician = signed_in(world.therapist_user)
    url = reverse("intake:staff_intake", args=[world.client.code])

    page = words(clinician.get(url).content.decode())
    answers = {**VALID, "red_flags": ["night_pain"], "action": "submit"}
    after = words(clinician.post(url, answers, follow=True).content.decode())

    assert "Questionnaire d’accueil : Ada Quillfeather" in page
    assert "Envoyer le questionnaire" in page and "Pas encore rempli." in page
    assert "Questionnaire d’accueil envoyé pour Ada Quillfeather." in after
    assert "Signes d’alerte — un médecin devrait les voir avant tout massage :" in after
    assert "Rempli le" in after and "Des modifications peuvent être envoyées à nouveau." in after
