"""Consents in French: a client reading in French reads, signs and keeps the French text
with its own version; staff see which language and version was signed; English signatures
stay valid whichever language the client reads in next."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.accounts.models import AuditEvent, User
from easeplan.care.consent import rules as consents
from easeplan.care.models import Consent

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...french import english_left_in, words
from ...in_french import reading_in_french

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


def page_url(world: World) -> str:
    return reverse("consents:client_consents", args=[world.client.code])


def signing(kind: str, choice: str = "", name: str = "Ada Quillfeather") -> dict[str, str]:
    """The POST that signs `kind` by typed name (with the gluteal `choice`)."""
    data = {"action": "sign", "kind": kind, f"{kind}-typed_name": name}
    data[f"{kind}-understood"] = "on"
    if choice:
        data[f"{kind}-choice"] = choice
    return data


def in_english(user: User):  # type: ignore[no-untyped-def]
    """`user` back on the practice's language (English), signed in: blank follows it."""
    User.objects.filter(pk=user.pk).update(language="")
    return signed_in(user, mfa=False)


def staff_client_page(world: World) -> str:
    return text(
        signed_in(world.therapist_user).get(reverse("practice:client", args=[world.client.code]))
    )


def test_every_consent_reads_in_french_with_the_french_options(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        page = browser.get(page_url(world)).content.decode()
    seen = words(page)

    assert "<h1>Vos consentements</h1>" in page
    for kind in consents.KINDS:
        french = consents.current_text(kind, "fr")
        assert french.language == "fr" and french.version == f"{kind}/2026-11/fr"
        assert french.title in page
        assert all(words(paragraph) in seen for paragraph in french.paragraphs)
        assert consents.current_text(kind).title not in page  # not the English title
    assert "Uniquement à travers le drap ou mes vêtements" in seen
    assert "Vos parties génitales et le sillon entre les fesses restent couverts" in seen
    assert "Il n’y a jamais aucun travail dans le sillon ni aucun travail interne." in seen
    assert "aucun résultat ne peut être promis" in seen
    assert "Votre thérapeute ne pose pas de diagnostic." in seen
    assert seen.count("Pas encore signé.") == 3
    assert "J’ai lu et compris ce texte" in seen
    assert '<article class="consent-text" lang="fr"' in page
    assert english_left_in(page) == []


@time_machine.travel(NOW, tick=False)
def test_a_client_who_signs_in_french_keeps_the_french_text_and_version(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        for kind, choice in (("treatment", ""), ("privacy", ""), ("gluteal", "over_sheet")):
            response = browser.post(page_url(world), signing(kind, choice))
            assert response.status_code == 302, kind
        page = words(browser.get(page_url(world)).content.decode())

    for kind in consents.KINDS:
        consent = Consent.objects.get(kind=kind)
        french = consents.current_text(kind, "fr")
        assert consent.version == f"{kind}/2026-11/fr"
        assert consent.text == french.as_text()
        assert consent.text.startswith(french.title)
        assert consent.text.endswith(f"({kind}/2026-11/fr)")
    gluteal = Consent.objects.get(kind="gluteal")
    assert gluteal.choice == "over_sheet"
    assert "- Uniquement à travers le drap ou mes vêtements\u00a0: La zone reste" in gluteal.text
    assert "Through the sheet" not in gluteal.text
    event = AuditEvent.objects.filter(action="care.consent.signed").order_by("pk").last()
    assert event is not None and event.data["version"] == "gluteal/2026-11/fr"
    # What the client reads back: French messages, dates and choice.
    assert "Merci. Votre consentement au travail de la région fessière est signé." in page
    assert "Signé le 3 novembre 2026 à 09:30 (version gluteal/2026-11/fr)." in page
    assert "Votre choix : Uniquement à travers le drap ou mes vêtements" in page
    assert "Signed on" not in page


def test_staff_see_that_a_consent_was_signed_in_french(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        browser.post(page_url(world), signing("gluteal", "direct"))
    with time_machine.travel(NOW, tick=False):
        in_english(world.client_user).post(page_url(world), signing("treatment"))

    staff = staff_client_page(world)
    assert "(gluteal/2026-11/fr, in French): Travail direct sur la peau" in staff
    assert "Signed 3 Nov 2026 (treatment/2026-11, in English)" in staff


def test_a_french_staff_member_reads_the_consents_table_in_french(world: World) -> None:
    signed_in(world.client_user).post(page_url(world), signing("privacy"))
    User.objects.filter(pk=world.therapist_user.pk).update(language="fr")

    staff = staff_client_page(world)
    assert '<th scope="col">Consentement</th><th scope="col">Statut</th>' in staff
    assert "(privacy/2026-11, en anglais)" in staff
    assert "Non signé" in staff


def test_a_wrong_name_is_refused_in_french(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        response = browser.post(page_url(world), signing("treatment", name="Ada Q"))
    page = words(response.content.decode())

    assert response.status_code == 400
    assert (
        "Pour signer, saisissez votre nom complet tel que nous l’avons enregistré : "
        "Ada Quillfeather." in page
    )
    assert "Pas encore signé. Veuillez corriger ce qui est signalé ci-dessous." in page
    assert not Consent.objects.exists()


def test_an_english_signature_stays_valid_when_the_client_reads_in_french(world: World) -> None:
    signed_in(world.client_user).post(page_url(world), signing("treatment"))
    with reading_in_french(world.client_user) as browser:
        page = words(browser.get(page_url(world)).content.decode())

    assert "(version treatment/2026-11)" in page
    assert "Une version mise à jour vous attend." not in page
    assert Consent.objects.get().active


def test_a_french_signature_is_not_asked_again_in_english(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        browser.post(page_url(world), signing("privacy"))
    page = text(in_english(world.client_user).get(page_url(world)))

    assert "(version privacy/2026-11/fr)" in page
    assert "An updated version is waiting for you." not in page
    assert "How we keep your health information" in page  # today's text, in English


def test_signing_again_in_english_supersedes_the_french_signature(world: World) -> None:
    with reading_in_french(world.client_user) as browser:
        browser.post(page_url(world), signing("gluteal", "direct"))
    in_english(world.client_user).post(page_url(world), signing("gluteal", "none"))

    active = Consent.objects.get(revoked_at__isnull=True)
    assert (active.version, active.choice) == ("gluteal/2026-11", "none")
    assert Consent.objects.get(revoked_at__isnull=False).version == "gluteal/2026-11/fr"


def test_a_newer_english_wording_is_offered_in_english_until_it_is_translated(
    world: World, monkeypatch
) -> None:
    newer = dataclasses.replace(consents.current_text("treatment"), version="treatment/2027-03")
    monkeypatch.setitem(consents.CURRENT, "treatment", newer)
    with reading_in_french(world.client_user) as browser:
        browser.post(page_url(world), signing("treatment"))

    assert Consent.objects.get().version == "treatment/2027-03"
    assert Consent.objects.get().text == newer.as_text()


def test_the_text_read_is_the_text_signed_even_if_the_language_changed_meanwhile(
    world: World,
) -> None:
    """The form carries the version shown: a page read in French and sent after switching
    to English signs the French text that was read."""
    data = signing("privacy") | {"version": "privacy/2026-11/fr"}
    response = in_english(world.client_user).post(page_url(world), data)

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.version == "privacy/2026-11/fr"
    assert consent.text == consents.current_text("privacy", "fr").as_text()


@pytest.mark.parametrize(
    "version", ["privacy/2025-01/fr", "treatment/2026-11/fr", "privacy/2026-11/xx", "x" * 500]
)
def test_a_text_no_longer_offered_is_not_signed(world: World, version: str) -> None:
    data = signing("privacy") | {"version": version}
    with reading_in_french(world.client_user) as browser:
        response = browser.post(page_url(world), data)
    page = words(response.content.decode())

    assert response.status_code == 400
    assert "Ce texte a changé depuis que vous avez ouvert la page." in page
    assert not Consent.objects.exists()
