"""Consent texts and the consent services: sign, supersede, revoke, confirm per session."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import assume, given
from hypothesis import strategies as st

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.consent import rules as consents
from easeplan.care.consent.services import (
    ConsentRefused,
    current,
    latest,
    record_session_consent,
    revoke,
    sign,
)
from easeplan.care.models import Consent, VisitConsent

from ...conftest import World
from ...factories import AppointmentFactory

NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


def sign_as_client(world: World, kind: str, choice: str = "", **extra) -> Consent:  # type: ignore[no-untyped-def]
    values = {"typed_name": "Ada Quillfeather", "actor": world.client_user, "ip": "203.0.113.7"}
    return sign(world.client, kind, choice=choice, **(values | extra))


# The texts (pure) -----------------------------------------------------------------------


def test_every_kind_has_a_current_text_with_its_kind_in_the_version() -> None:
    for kind in consents.KINDS:
        text = consents.current_text(kind)
        assert text.kind == kind and text.version.startswith(f"{kind}/")
        assert consents.text_for(text.version) is text


def test_the_gluteal_text_says_what_clinical_md_asks() -> None:
    body = consents.current_text(consents.GLUTEAL).as_text()
    for words in (
        "piriformis",
        "side",
        "face down",
        "Only the area being worked on is uncovered",
        "genitals and the cleft between the buttocks stay covered at all times",
        "never any work in the cleft and never any internal work",
        "through the sheet",
        "stop at any time",
        "never affects your care",
    ):
        assert words in body
    assert [o.code for o in consents.current_text(consents.GLUTEAL).options] == [
        "direct",
        "over_sheet",
        "none",
    ]


def test_the_stored_text_has_every_paragraph_option_and_the_version() -> None:
    text = consents.current_text(consents.GLUTEAL)
    stored = text.as_text()
    assert all(p in stored for p in text.paragraphs)
    assert all(o.label in stored for o in text.options)
    assert stored.endswith(f"({text.version})")


@pytest.mark.parametrize(
    ("typed", "matches"),
    [
        ("Ada Quillfeather", True),
        ("  ada   QUILLFEATHER ", True),
        ("Ada\tQuillfeather\n", True),
        ("Ada Q.", False),
        ("Quillfeather Ada", False),
        ("", False),
    ],
)
def test_names_match_ignoring_case_and_spaces(typed: str, matches: bool) -> None:
    assert consents.names_match(typed, "Ada Quillfeather") is matches


@given(
    st.lists(
        st.text(st.characters(categories=["L"]), min_size=1, max_size=8), min_size=1, max_size=3
    ),
    st.sampled_from([" ", "  ", "\t"]),
)
def test_any_spacing_and_case_of_the_name_matches(words: list[str], gap: str) -> None:
    # Letters whose capital folds back to another letter (Turkish dotless ı) are not a case
    # difference: typing "I" for "ı" is a different name.
    assume(all(w.upper().casefold() == w.casefold() for w in words))
    full = " ".join(words)
    assert consents.names_match(f" {gap.join(w.upper() for w in words)} ", full)


def test_a_later_stamp_is_newer_only_within_a_kind() -> None:
    assert consents.is_newer("treatment/2027-01", "treatment/2026-11")
    assert not consents.is_newer("treatment/2026-11", "treatment/2026-11")
    assert not consents.is_newer("treatment/2026-10", "treatment/2026-11")
    assert not consents.is_newer("privacy/2027-01", "treatment/2026-11")


def test_every_translation_says_what_the_english_of_its_stamp_says() -> None:
    translations = [t for t in consents.TEXTS if t.language != consents.ENGLISH]
    assert {t.kind for t in translations} == set(consents.KINDS)
    for text in translations:
        english = consents.text_for(text.version.removesuffix(f"/{text.language}"))
        assert english is not None and english.language == consents.ENGLISH
        assert (text.kind, len(text.paragraphs)) == (english.kind, len(english.paragraphs))
        assert [o.code for o in text.options] == [o.code for o in english.options]
        assert consents.language_of(text.version) == text.language
        assert consents.text_for(text.version) is text


def test_the_french_texts_follow_french_typography() -> None:
    for kind in consents.KINDS:
        text = consents.current_text(kind, "fr")
        body = text.as_text()
        assert text.language == "fr" and "'" not in body
        for mark in ":;?!":
            assert f" {mark}" not in body, (kind, mark)


def test_the_french_gluteal_text_says_what_clinical_md_asks() -> None:
    body = consents.current_text(consents.GLUTEAL, "fr").as_text()
    for words in (
        "piriforme",
        "sur le côté",
        "sur le ventre",
        "Seule la zone travaillée est découverte",
        "Vos parties génitales et le sillon entre les fesses restent couverts en permanence",
        "jamais aucun travail dans le sillon ni aucun travail interne",
        "à travers le drap",
        "arrêter à tout moment",
        "Refuser n’a jamais d’effet sur vos soins",
    ):
        assert words in body


@pytest.mark.parametrize(
    ("language", "version"),
    [
        ("fr", "gluteal/2026-11/fr"),
        ("fr-ca", "gluteal/2026-11/fr"),
        ("en-gb", "gluteal/2026-11"),
        ("de", "gluteal/2026-11"),
        (None, "gluteal/2026-11"),
    ],
)
def test_the_text_offered_follows_the_readers_language(language: str | None, version: str) -> None:
    assert consents.current_text(consents.GLUTEAL, language).version == version


def test_a_translation_is_neither_newer_nor_older_than_its_english() -> None:
    assert not consents.is_newer("treatment/2026-11/fr", "treatment/2026-11")
    assert not consents.is_newer("treatment/2026-11", "treatment/2026-11/fr")
    assert consents.is_newer("treatment/2027-01", "treatment/2026-11/fr")
    assert consents.language_of("treatment/2026-11") == "en"


# Signing --------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_signing_keeps_the_text_version_name_time_and_ip(world: World) -> None:
    consent = sign_as_client(world, "gluteal", "over_sheet", typed_name="  ada quillfeather ")
    consent.refresh_from_db()
    text = consents.current_text("gluteal")
    assert consent.text == text.as_text()
    assert consent.version == "gluteal/2026-11"
    assert consent.choice == "over_sheet"
    assert consent.typed_name == "ada quillfeather"
    assert consent.signed_at == NOW
    assert consent.ip == "203.0.113.7"
    assert consent.signed_by == world.client_user
    assert (consent.practice, consent.client, consent.active) == (
        world.practice,
        world.client,
        True,
    )
    event = AuditEvent.objects.get(action="care.consent.signed")
    assert event.object_id == consent.code
    assert event.practice == world.practice
    assert event.data == {"kind": "gluteal", "version": "gluteal/2026-11", "choice": "over_sheet"}


def test_a_wrong_typed_name_saves_nothing_and_says_what_to_type(world: World) -> None:
    with pytest.raises(ConsentRefused) as refused:
        sign_as_client(world, "treatment", typed_name="Ada")
    assert refused.value.field == "typed_name"
    assert "Ada Quillfeather" in refused.value.message
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="care.consent").exists()


@pytest.mark.parametrize("choice", ["", "deep", "NONE"])
def test_gluteal_consent_needs_one_of_its_options(world: World, choice: str) -> None:
    with pytest.raises(ConsentRefused) as refused:
        sign_as_client(world, "gluteal", choice)
    assert refused.value.field == "choice"
    assert "No gluteal work" in refused.value.message
    assert not Consent.objects.exists()


def test_other_kinds_store_no_choice(world: World) -> None:
    assert sign_as_client(world, "privacy", "direct").choice == ""


def test_an_unknown_kind_is_refused(world: World) -> None:
    with pytest.raises(ConsentRefused):
        sign_as_client(world, "tattoo")


def test_an_unknown_address_is_stored_as_none(world: World) -> None:
    assert sign_as_client(world, "treatment", ip="unknown").ip is None


def test_signing_again_supersedes_the_earlier_consent_at_the_same_moment(world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        first = sign_as_client(world, "gluteal", "direct")
    later = NOW + dt.timedelta(days=20)
    with time_machine.travel(later, tick=False):
        second = sign_as_client(world, "gluteal", "none")
    first.refresh_from_db()
    assert (first.revoked_at, first.revoked_by) == (later, world.client_user)
    assert second.active
    assert current(world.client)["gluteal"] == second
    superseded = AuditEvent.objects.get(action="care.consent.superseded")
    assert superseded.object_id == first.code and superseded.data["by"] == second.code
    assert Consent.objects.filter(kind="gluteal", revoked_at__isnull=True).count() == 1


# Revoking and what is current ------------------------------------------------------------


def test_revoking_takes_effect_at_once_and_only_once(world: World) -> None:
    consent = sign_as_client(world, "gluteal", "direct")
    with time_machine.travel(NOW, tick=False):
        revoked = revoke(consent, actor=world.client_user)
    assert (revoked.revoked_at, revoked.revoked_by) == (NOW, world.client_user)
    assert current(world.client)["gluteal"] is None
    assert latest(world.client)["gluteal"] == consent
    revoke(consent, actor=world.client_user)  # a second click changes nothing
    assert AuditEvent.objects.filter(action="care.consent.revoked").count() == 1
    consent.refresh_from_db()
    assert consent.revoked_at == NOW


def test_current_is_the_active_latest_per_kind_in_one_query(
    world: World, django_assert_num_queries
) -> None:
    sign_as_client(world, "treatment")
    treatment = sign_as_client(world, "treatment")
    revoke(sign_as_client(world, "gluteal", "direct"), actor=world.client_user)
    sign(world.another_client, "privacy", typed_name="Bram Vossbergen", actor=None, ip=None)
    with django_assert_num_queries(1):
        found = current(world.client)
    assert found == {"treatment": treatment, "privacy": None, "gluteal": None}


# Per-session gluteal confirmation --------------------------------------------------------


@pytest.fixture
def visit(world: World) -> Appointment:
    return AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client
    )


def test_a_confirmation_is_recorded_in_the_visit_with_the_consent(world: World, visit) -> None:
    consent = sign_as_client(world, "gluteal", "direct")
    with time_machine.travel(NOW, tick=False):
        recorded = record_session_consent(visit, answer="confirmed", actor=world.therapist_user)
    assert visit.gluteal_consent == recorded
    assert (recorded.consent, recorded.choice, recorded.answer) == (consent, "direct", "confirmed")
    assert (recorded.recorded_at, recorded.recorded_by) == (NOW, world.therapist_user)
    event = AuditEvent.objects.get(action="care.consent.session_recorded")
    assert event.practice == world.practice
    assert event.data == {"appointment": visit.code, "answer": "confirmed", "choice": "direct"}


def test_confirming_without_an_active_consent_is_refused(world: World, visit) -> None:
    with pytest.raises(ConsentRefused, match="no active gluteal consent"):
        record_session_consent(visit, answer="confirmed", actor=world.therapist_user)
    revoke(sign_as_client(world, "gluteal", "direct"), actor=world.client_user)
    with pytest.raises(ConsentRefused, match="no active gluteal consent"):
        record_session_consent(visit, answer="confirmed", actor=world.therapist_user)
    assert not VisitConsent.objects.exists()


def test_confirming_when_the_client_chose_no_gluteal_work_is_refused(world: World, visit) -> None:
    sign_as_client(world, "gluteal", "none")
    with pytest.raises(ConsentRefused, match="says no gluteal work"):
        record_session_consent(visit, answer="confirmed", actor=world.therapist_user)
    assert not VisitConsent.objects.exists()


@pytest.mark.parametrize("choice", [None, "none", "direct"])
def test_declining_is_always_recorded(world: World, visit, choice: str | None) -> None:
    if choice:
        sign_as_client(world, "gluteal", choice)
    recorded = record_session_consent(visit, answer="declined", actor=world.therapist_user)
    assert recorded.answer == "declined"
    assert recorded.choice == (choice or "")


def test_recording_again_replaces_the_answer(world: World, visit) -> None:
    sign_as_client(world, "gluteal", "over_sheet")
    record_session_consent(visit, answer="confirmed", actor=world.therapist_user)
    record_session_consent(visit, answer="declined", actor=world.owner)
    recorded = VisitConsent.objects.get()
    assert (recorded.answer, recorded.recorded_by) == ("declined", world.owner)


def test_an_unknown_answer_or_a_cancelled_visit_is_refused(world: World, visit) -> None:
    with pytest.raises(ConsentRefused, match="confirmed or declined"):
        record_session_consent(visit, answer="maybe", actor=world.therapist_user)
    visit.status = Appointment.Status.CANCELLED
    visit.save(update_fields=["status"])
    with pytest.raises(ConsentRefused, match="cancelled"):
        record_session_consent(visit, answer="declined", actor=world.therapist_user)
    assert not VisitConsent.objects.exists()
