"""The session note in French: the page, the body map, the autosave, signing and print say
in French exactly what they say in English."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.care.models import SessionNote
from easeplan.care.notes import labels
from easeplan.care.notes import rules as soap

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory
from ...french import english_left_in
from ...in_french import NBSP, french

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)  # 12:00 in London (GMT)
HTMX = {"HTTP_HX_REQUEST": "true"}
NOTE = {
    "note_form": "1",
    "pain_today": "4",
    "subjective": "Sat through a film for the first time in months.",
    "objective": "Tender at the left sciatic notch.",
    "regions": ["back:low_back:left", "back:hamstrings:left"],
    "techniques": ["myofascial_release"],
    "pressure": "moderate",
    "client_response": "Relaxed; less pain on standing.",
    "assessment": "Sitting tolerance better.",
    "plan": "Next visit in a week.",
}


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit(world: World) -> Appointment:
    """Ada's visit with Dana two hours ago."""
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=NOW - dt.timedelta(hours=2),
    )


def url(name: str, visit: Appointment) -> str:
    return reverse(f"notes:{name}", args=[visit.code])


@pytest.fixture
def dana_in_french(world: World):  # type: ignore[no-untyped-def]
    """The therapist, signed in with two-factor authentication, who reads in French."""
    User.objects.filter(pk=world.therapist_user.pk).update(language="fr")
    with french(signed_in(world.therapist_user)) as browser:
        yield browser


def test_a_new_note_reads_in_french(world: World, visit: Appointment, dana_in_french) -> None:
    page = text(dana_in_french.get(url("visit", visit)))
    assert f"Note de séance{NBSP}: {world.client.full_name}" in page
    assert "Pas commencée" in page
    assert "Rien n'est enregistré tant que vous n'avez pas commencé à écrire." in page
    # the body map: views, regions with the client's own sides, the gluteal badge
    assert "Face postérieure du corps" in page
    assert f"Vu de dos{NBSP}: la gauche du client est à votre gauche." in page
    assert "Piriforme et rotateurs profonds de la hanche" in page
    assert "région fessière" in page
    # the techniques, the pressures, the template's prompts in the Subjective
    assert "Relâchement myofascial" in page
    assert "Profonde" in page
    assert f"Depuis la dernière séance{NBSP}:" in page
    assert "Signer et verrouiller" in page
    assert english_left_in(page) == []
    for english in ("Session note", "Body regions treated", "Sign and lock", "Since the last"):
        assert english not in page


def test_the_autosave_answers_in_french(visit: Appointment, dana_in_french) -> None:
    saved = dana_in_french.post(url("visit", visit), NOTE, **HTMX)
    assert "Brouillon enregistré à 12:00." in text(saved)
    refused = dana_in_french.post(url("visit", visit), {**NOTE, "pain_today": "11"}, **HTMX)
    answer = text(refused)
    assert f"Non enregistré{NBSP}:" in answer
    assert "La douleur du jour est un nombre entier de 0 à 10." in answer


def test_signing_refused_for_gluteal_work_says_why_in_french(
    visit: Appointment, dana_in_french
) -> None:
    posted = {**NOTE, "regions": ["back:piriformis:left"]}
    page = text(dana_in_french.post(url("sign", visit), posted, follow=True))
    assert "Non signée." in page
    assert "Des régions fessières sont cochées (Piriforme et rotateurs profonds" in page
    assert "hanche, côté gauche)" in page
    assert "n'est pas confirmé (rien n'est enregistré)" in page
    assert not SessionNote.objects.filter(signed_at__isnull=False).exists()


def test_a_signed_note_and_its_print_read_in_french(
    world: World, visit: Appointment, dana_in_french
) -> None:
    signed = dana_in_french.post(url("sign", visit), NOTE, follow=True)
    page = text(signed)
    assert "Note signée. Elle ne peut plus être modifiée" in page
    assert "Signée électroniquement par" in page
    assert "Bas du dos (muscles lombaires), côté gauche" in page
    assert "Modérée" in page
    assert "Rectificatifs" in page
    printed = text(dana_in_french.get(url("print", visit)))
    assert "Dossier de santé confidentiel" in printed
    assert "Ischio-jambiers (arrière de la cuisse), côté gauche" in printed
    assert english_left_in(printed) == []
    assert "Signed electronically" not in printed


def test_notes_due_read_in_french(world: World, visit: Appointment, dana_in_french) -> None:
    page = text(dana_in_french.get(reverse("notes:due")))
    assert "Notes à rédiger" in page
    assert "Séances passées sans note signée — les vôtres, les plus anciennes d'abord." in page
    assert "Rédiger la note" in page
    assert "Write the note" not in page


def test_the_pre_visit_summary_reads_in_french(world: World, dana_in_french) -> None:
    page = text(dana_in_french.get(reverse("summaries:client", args=[world.client.code])))
    assert f"Avant la séance{NBSP}: {world.client.full_name}" in page
    assert "Signes d'alerte" in page
    assert "Contre-indications et précautions" in page
    assert f"Soins{NBSP}:" in page
    assert "Pas encore de bilan." in page
    assert english_left_in(page) == []
    assert "Red flags" not in page


def test_english_readers_still_get_english(world: World, visit: Appointment) -> None:
    page = text(signed_in(world.therapist_user).get(url("visit", visit)))
    assert f"Session note: {world.client.full_name}" in page
    assert "Piriformis and deep hip rotators" in page
    assert "Since the last visit:" in page


def test_french_prompts_left_unfilled_are_no_note_in_any_language(
    world: World, visit: Appointment
) -> None:
    with translation.override("fr"):
        prompts = labels.template_prompts(soap.template_for(soap.PIRIFORMIS))
    assert prompts["subjective"].startswith(f"Depuis la dernière séance{NBSP}: \n")
    english = signed_in(world.therapist_user)  # signs in English what was started in French
    page = text(english.post(url("sign", visit), {**NOTE, **prompts}, follow=True))
    assert "Write something in Subjective, Objective, Assessment or Plan before signing" in page
    assert not SessionNote.objects.filter(signed_at__isnull=False).exists()
