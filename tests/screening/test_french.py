"""Screening in French: the assessment for a therapist who reads French, and the referral
letter, which follows the practice's language whoever writes or reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import User
from easeplan.care.models import Intake
from easeplan.screening.holds import services as holds
from easeplan.screening.models import Assessment, Referral

from ..conftest import World, give_totp, signed_in
from ..conftest import page_text as text
from ..factories import AssessmentFactory
from ..french import english_left_in, words
from ..in_french import NBSP, french

pytestmark = pytest.mark.django_db


def assessment_form(**extra: object) -> dict[str, object]:
    """Active piriformis positive on the right, the seated stretch negative, three features."""
    data: dict[str, object] = {
        "assessed_on": timezone.localdate().isoformat(),
        "active_piriformis_result": "positive",
        "active_piriformis_side": "right",
        "seated_piriformis_stretch_result": "negative",
        "seated_piriformis_stretch_side": "right",
        "features": ["buttock_pain", "worse_sitting", "piriformis_tension_pain"],
        "notes": "Coureuse ; douleur après 20 minutes assise.",
    }
    return data | extra


def new_url(world: World) -> str:
    return reverse("assessments:new", args=[world.client.code])


def clinician_in_french(user: User):  # type: ignore[no-untyped-def]
    """A clinician who chose French, signed in with two-factor authentication."""
    User.objects.filter(pk=user.pk).update(language="fr")
    give_totp(user)
    return french(signed_in(user))


def test_a_therapist_who_reads_french_records_an_assessment_in_french(world: World) -> None:
    with clinician_in_french(world.therapist_user) as browser:
        form = text(browser.get(new_url(world)))
        assert "Tests cliniques" in form
        assert "Étirement du piriforme en position assise" in form
        assert "Élévation de la jambe tendue" in form
        assert f"Précision{NBSP}: Se 0,52, Sp 0,90" in form
        assert "Enregistrer le bilan" in form
        assert "Seated piriformis stretch" not in form

        refused = text(browser.post(new_url(world), assessment_form(active_piriformis_side="")))
        assert "Choisissez le côté douloureux pour Piriforme actif." in refused

        browser.post(new_url(world), assessment_form())
        assessment = Assessment.objects.get()
        page = text(browser.get(reverse("assessments:detail", args=[assessment.code])))
    assert assessment.results["active_piriformis"] == {"result": "positive", "side": "right"}
    assert "Bilan initial enregistré." not in page  # the flash says "Bilan enregistré."
    assert "Bilan enregistré." in page
    assert (
        "3 critères caractéristiques sur 4 ; test d'étirement assis ou du piriforme actif "
        f"positif{NBSP}: oui"
    ).replace(" ;", f"{NBSP};").replace("'", "’") in page
    assert "Observations compatibles avec un syndrome du piriforme" in page
    assert "Piriforme actif (droite)" in page
    assert "Les massothérapeutes ne posent pas de diagnostic." in page
    assert english_left_in(page) == []


def test_the_referral_letter_is_in_the_practices_language(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])
    world.therapist_user.language = "en-gb"  # the therapist reads English
    world.therapist_user.save(update_fields=["language"])
    world.client.date_of_birth = dt.date(1984, 3, 9)
    world.client.save(update_fields=["date_of_birth"])
    assessment = AssessmentFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        assessed_on=timezone.localdate(),
        results={"active_piriformis": {"result": "positive", "side": "right"}},
        features=["buttock_pain", "worse_sitting", "piriformis_tension_pain"],
    )
    browser = signed_in(world.therapist_user)
    with django_capture_on_commit_callbacks(execute=True):
        answer = browser.post(
            reverse("assessments:referral", args=[assessment.code]),
            {"reason": "Douleur dans la jambe depuis six semaines.", "email": "gp@example.org"},
        )
    referral = Referral.objects.get()

    page = text(browser.get(answer["Location"]))
    assert "Back to the assessment" in page  # the page around it: the therapist's English
    assert "Madame, Monsieur le Docteur," in page  # the letter: the practice's French
    assert "né(e) le 9 mars 1984" in page
    assert "Piriforme actif (droite)" in page
    assert "Dear Doctor" not in page

    (email,) = mail.outbox
    assert email.to == [referral.sent_to]
    assert email.subject == (
        f"Courrier d’orientation pour {world.client.full_name} de la part de {world.practice.name}"
    )
    for body in (email.body, words(email.alternatives[0][0])):
        assert "Voici un courrier d’orientation de" in body
        assert "Madame, Monsieur le Docteur," in body
        assert "Douleur dans la jambe depuis six semaines." in body
        assert "Observations compatibles avec un syndrome du piriforme" in body
        assert "En tant que massothérapeute, je ne pose pas de diagnostic" in body
        assert "9 mars 1984" in body
        assert english_left_in(body) == []


def test_the_red_flag_hold_reads_in_french(world: World) -> None:
    holds.raise_hold(world.client, holds.Source.INTAKE, ["bladder_bowel_control"], actor=None)
    with clinician_in_french(world.therapist_user) as browser:
        page = text(browser.get(reverse("practice:client", args=[world.client.code])))
        dashboard = text(browser.get(reverse("practice:dashboard")))
    assert "Signes d’alerte et réservation en ligne" in page
    assert f"La réservation en ligne est suspendue pour {world.client.full_name}" in words(page)
    assert "Lever le signe d’alerte et autoriser la réservation en ligne" in page
    assert "Bloqués par un signe d’alerte" in dashboard


def test_a_blocked_test_says_why_in_french(world: World) -> None:
    Intake.objects.create(
        practice=world.practice,
        client=world.client,
        answers={"hip_replacement": "right", "hip_approach": "posterior"},
        submitted_at=timezone.now(),
    )
    with clinician_in_french(world.therapist_user) as browser:
        form = text(browser.get(new_url(world)))
        fair = assessment_form(FAIR_result="positive", FAIR_side="left")
        refused = text(browser.post(new_url(world), fair))
    assert (
        f"Bloqué{NBSP}: prothèse ou réparation de hanche par voie postérieure, pas encore "
        "autorisée par le chirurgien"
    ) in form
    assert "FAIR (flexion, adduction, rotation interne) ne peut pas être enregistré" in refused
    assert not Assessment.objects.exists()
