"""A client who reads in French fills in the intake and signs a consent in Chromium: every
question, button and message in French, and the consent kept is the French text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from easeplan.accounts.models import User
from easeplan.care.consent import rules as consents
from easeplan.care.models import Consent, Intake

from ..conftest import World
from ..factories import PASSWORD
from .conftest import fits_the_screen, log_in, too_wide
from .test_accessibility import serious

pytestmark = pytest.mark.e2e

GOALS = "Rester assise pendant tout un film sans douleur à la fesse."
GLUTEAL = "Consentement au traitement de la région fessière (fesse)"
OVER_THE_SHEET = "Uniquement à travers le drap ou mes vêtements"


def test_a_french_client_completes_the_intake_and_signs_in_french(page, world: World) -> None:
    User.objects.filter(pk=world.client_user.pk).update(language="fr")
    log_in(page, world.client_user.email, PASSWORD)
    page.goto(f"/account/intake/{world.client.code}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre questionnaire de santé")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Signes d’alerte")).to_be_visible()
    assert serious(page) == []
    assert fits_the_screen(page)

    page.get_by_label("Date de naissance").fill("1984-06-02")
    page.get_by_label(re.compile(r"en cas d’urgence\s*:\s*nom")).fill("Sam Quillfeather")
    page.get_by_label(re.compile(r"en cas d’urgence\s*:\s*téléphone")).fill("0117 496 0456")
    page.get_by_label("Profondément dans la fesse", exact=True).check()
    blood_thinners = page.get_by_role("group", name=re.compile("médicaments qui fluidifient"))
    blood_thinners.get_by_label("Non", exact=True).check()
    new_pain = page.get_by_role("group", name=re.compile("La douleur pour laquelle vous venez"))
    new_pain.get_by_label("Non", exact=True).check()
    page.get_by_label("Ostéoporose (os fins ou fragiles)").check()
    page.get_by_label(re.compile("Qu’aimeriez-vous pouvoir refaire")).fill(GOALS)

    # A draft keeps what was typed, and says so in French.
    page.get_by_role("button", name="Enregistrer et terminer plus tard").click()
    expect(page.get_by_text("Enregistré. Vous pouvez revenir terminer plus tard")).to_be_visible()
    expect(page.get_by_text("Affichage du brouillon enregistré le")).to_be_visible()
    expect(page.get_by_label("Ostéoporose (os fins ou fragiles)")).to_be_checked()

    page.get_by_role("button", name="Envoyer le questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    thanks = page.get_by_text("votre thérapeute lira vos réponses avant votre séance")
    expect(thanks).to_be_visible()
    expect(page.get_by_text("Ceci n’est pas un diagnostic.")).to_be_visible()
    saved = Intake.objects.get(client=world.client)
    assert saved.completed and saved.answers["goals"] == GOALS
    assert saved.answers["conditions"] == ["osteoporosis"]
    assert fits_the_screen(page)

    page.get_by_role("link", name="Lire et signer vos consentements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos consentements")
    gluteal = page.get_by_role("region", name=GLUTEAL)
    draping = gluteal.get_by_text("Vos parties génitales et le sillon entre les fesses")
    expect(draping).to_be_visible()
    gluteal.get_by_label(OVER_THE_SHEET).check()
    gluteal.get_by_label("J’ai lu et compris ce texte").check()
    gluteal.get_by_label("Saisissez votre nom complet pour signer").fill("Ada Quillfeather")
    gluteal.get_by_role("button", name=re.compile("^Signer")).click()

    expect(
        page.get_by_text("Merci. Votre consentement au travail de la région fessière est signé.")
    ).to_be_visible()
    expect(page.get_by_role("region", name=GLUTEAL).get_by_text("Signé le")).to_be_visible()
    consent = Consent.objects.get(client=world.client, kind="gluteal")
    assert consent.version == "gluteal/2026-11/fr"
    assert consent.text == consents.current_text("gluteal", "fr").as_text()
    assert serious(page) == []
    assert fits_the_screen(page), too_wide(page)
