"""The client's consent page, the staff client page's consents, and the visit's gluteal answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking.models import Appointment
from easeplan.care.consent import rules as consents
from easeplan.care.consent.services import sign
from easeplan.care.models import Consent, VisitConsent

from ...conftest import World, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory, WorkingHoursFactory, a_free_time, confirm_url

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


def page_url(world: World) -> str:
    return reverse("consents:client_consents", args=[world.client.code])


def signing(kind: str, choice: str = "", name: str = "Ada Quillfeather", **extra) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "action": "sign",
        "kind": kind,
        f"{kind}-typed_name": name,
        f"{kind}-understood": "on",
        **extra,
    }
    if choice:
        data[f"{kind}-choice"] = choice
    return data


def revoking(kind: str) -> dict[str, str]:
    return {"action": "revoke", "kind": kind}


@pytest.fixture
def browser(world: World):  # type: ignore[no-untyped-def]
    return signed_in(world.client_user)


# Who may open the page -------------------------------------------------------------------


def test_visitors_are_sent_to_log_in(client, world: World) -> None:
    response = client.get(page_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("whose", ["another_client", "other_client"])
def test_another_persons_client_code_is_missing(world: World, browser, whose: str) -> None:
    code = getattr(world, whose).code
    url = reverse("consents:client_consents", args=[code])
    assert browser.get(url).status_code == 404
    assert browser.post(url, signing("treatment", name="Bram Vossbergen")).status_code == 404
    assert not Consent.objects.exists()


def test_staff_cannot_open_a_clients_consent_page(world: World) -> None:
    assert signed_in(world.owner).get(page_url(world)).status_code == 404


# Reading and signing --------------------------------------------------------------------


def test_the_page_shows_every_text_in_full_with_the_gluteal_options(world: World, browser) -> None:
    page = text(browser.get(page_url(world)))
    for kind in consents.KINDS:
        current = consents.current_text(kind)
        assert current.title in page
        assert all(paragraph in page for paragraph in current.paragraphs)
    assert page.count("Not signed yet.") == 3
    assert page.count('type="radio" name="gluteal-choice"') == 3
    assert "I have read and understood this" in page
    assert '<label for="id_gluteal-typed_name">' in page


@time_machine.travel(NOW, tick=False)
def test_signing_stores_the_snapshot_version_name_time_and_ip(world: World, browser) -> None:
    response = browser.post(
        page_url(world), signing("gluteal", "direct"), REMOTE_ADDR="198.51.100.23"
    )
    assert response.status_code == 302 and response["Location"] == page_url(world)
    consent = Consent.objects.get()
    assert consent.text == consents.current_text("gluteal").as_text()
    assert (consent.version, consent.choice) == ("gluteal/2026-11", "direct")
    assert (consent.typed_name, consent.signed_at) == ("Ada Quillfeather", NOW)
    assert (consent.ip, consent.signed_by) == ("198.51.100.23", world.client_user)
    page = text(browser.get(page_url(world)))
    assert "Your gluteal work consent is signed" in page
    assert "Signed on 3 Nov 2026 at 9:30 a.m. (version gluteal/2026-11)" in page
    assert "Your choice: <strong>Direct work on the skin, with draping</strong>." in page


def test_a_wrong_typed_name_saves_nothing_and_says_what_to_type(world: World, browser) -> None:
    response = browser.post(page_url(world), signing("treatment", name="Ada Q"))
    assert response.status_code == 400
    page = text(response)
    assert "To sign, type your full name as we have it: Ada Quillfeather." in page
    assert "<title>Error:" in page
    assert not Consent.objects.exists()


def test_every_mistake_shows_at_once(world: World, browser) -> None:
    data = signing("gluteal", name="A. Quillfeather")
    del data["gluteal-understood"]
    page = text(browser.post(page_url(world), data))
    assert "type your full name as we have it: Ada Quillfeather" in page
    assert "Choose one of the options" in page and "Tick “I have read" in page
    assert not Consent.objects.exists()


def test_gluteal_consent_without_an_option_is_refused(world: World, browser) -> None:
    response = browser.post(page_url(world), signing("gluteal"))
    assert response.status_code == 400
    assert "Choose one of the options, including “No gluteal work”." in text(response)
    assert not Consent.objects.exists()


def test_signing_needs_the_read_and_understood_box(world: World, browser) -> None:
    data = signing("privacy")
    del data["privacy-understood"]
    response = browser.post(page_url(world), data)
    assert response.status_code == 400
    assert "Tick “I have read and understood this” to sign." in text(response)
    assert not Consent.objects.exists()


def test_a_form_without_its_action_changes_nothing(world: World, browser) -> None:
    response = browser.post(page_url(world), {"kind": "treatment"})
    assert response.status_code == 302
    assert not Consent.objects.exists()


def test_a_new_text_version_shows_an_update_waiting(world: World, browser, monkeypatch) -> None:
    browser.post(page_url(world), signing("treatment"))
    newer = dataclasses.replace(consents.current_text("treatment"), version="treatment/2027-03")
    monkeypatch.setitem(consents.CURRENT, "treatment", newer)
    page = text(browser.get(page_url(world)))
    assert "An updated version is waiting for you." in page
    assert "(version treatment/2026-11)" in page
    staff_page = text(
        signed_in(world.owner).get(reverse("practice:client", args=[world.client.code]))
    )
    assert "updated version waiting" in staff_page
    browser.post(page_url(world), signing("treatment"))
    assert Consent.objects.get(revoked_at__isnull=True).version == "treatment/2027-03"
    assert "An updated version is waiting for you." not in text(browser.get(page_url(world)))


# Revoking -------------------------------------------------------------------------------


def test_revoking_from_the_account_shows_on_the_staff_client_page(world: World, browser) -> None:
    browser.post(page_url(world), signing("gluteal", "direct"))
    page = text(browser.get(page_url(world)))
    assert "It never stops you booking or keeping your visits" in page
    with time_machine.travel(NOW, tick=False):
        response = browser.post(page_url(world), revoking("gluteal"))
    assert response.status_code == 302
    assert Consent.objects.get().revoked_at == NOW
    page = text(browser.get(page_url(world)))
    assert "Your gluteal consent is revoked" in page and "You can still book" in page
    assert "Revoked on 3 Nov 2026" in page
    staff = text(
        signed_in(world.therapist_user).get(reverse("practice:client", args=[world.client.code]))
    )
    assert 'class="callout callout-warn"' in staff
    assert "Gluteal consent revoked on 3 Nov 2026" in staff
    assert "do not treat the gluteal area" in staff


def test_revoking_what_was_never_signed_says_so(world: World, browser) -> None:
    response = browser.post(page_url(world), revoking("privacy"), follow=True)
    assert "There was no signed consent of that kind to revoke." in text(response)


def test_a_revoked_gluteal_consent_never_blocks_booking(world: World, browser) -> None:
    browser.post(page_url(world), signing("gluteal", "direct"))
    browser.post(page_url(world), revoking("gluteal"))
    assert not Consent.objects.get().active
    for weekday in range(7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    response = browser.post(confirm_url(service, world.therapist, a_free_time(world, service)))
    assert response.status_code == 302
    assert Appointment.objects.get().client == world.client


def test_the_staff_client_page_lists_each_kind(world: World, browser) -> None:
    browser.post(page_url(world), signing("treatment"))
    page = text(
        signed_in(world.therapist_user).get(reverse("practice:client", args=[world.client.code]))
    )
    assert '<h2 id="consents-heading">Consents</h2>' in page
    assert "Treatment</th>" in page and "Privacy</th>" in page and "Gluteal work</th>" in page
    assert page.count("Not signed") == 2


# The visit: gluteal work this session -----------------------------------------------------


@pytest.fixture
def visit(world: World) -> Appointment:
    return AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client
    )


def visit_page(user, visit: Appointment) -> str:  # type: ignore[no-untyped-def]
    return text(signed_in(user).get(reverse("visits:detail", args=[visit.code])))


def record(user, visit: Appointment, answer: str):  # type: ignore[no-untyped-def]
    url = reverse("consents:visit_gluteal", args=[visit.code])
    return signed_in(user).post(url, {"answer": answer}, follow=True)


def sign_gluteal(world: World, choice: str) -> Consent:
    return sign(
        world.client, "gluteal", typed_name="Ada Quillfeather", choice=choice, actor=None, ip=None
    )


def test_the_visit_page_warns_when_there_is_no_gluteal_consent(world: World, visit) -> None:
    page = visit_page(world.therapist_user, visit)
    assert "Gluteal work this session" in page
    assert "No gluteal consent — do not treat the gluteal area" in page
    assert 'value="confirmed"' not in page and 'value="declined"' in page


def test_the_visit_page_shows_the_signed_choice_and_a_revocation(world: World, visit) -> None:
    consent = sign_gluteal(world, "over_sheet")
    page = visit_page(world.owner, visit)
    assert "Through the sheet or my clothing only" in page and 'value="confirmed"' in page
    consent.revoked_at = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC)
    consent.save(update_fields=["revoked_at"])
    assert "Consent revoked on 2 Nov 2026 — do not treat the gluteal area" in visit_page(
        world.owner, visit
    )


def test_a_clinician_records_the_clients_confirmation_in_the_visit(world: World, visit) -> None:
    consent = sign_gluteal(world, "direct")
    response = record(world.therapist_user, visit, "confirmed")
    assert response.redirect_chain[-1][0] == reverse("visits:detail", args=[visit.code])
    assert "Recorded: the client confirmed gluteal work for this visit." in text(response)
    assert "This visit: <strong>Confirmed gluteal work for this session</strong>" in text(response)
    recorded = VisitConsent.objects.get(appointment=visit)
    assert (recorded.consent, recorded.answer, recorded.recorded_by) == (
        consent,
        "confirmed",
        world.therapist_user,
    )


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (None, "The client has no active gluteal consent, so it can't be confirmed."),
        ("none", "The client's gluteal consent says no gluteal work, so it can't be confirmed."),
    ],
)
def test_confirming_is_refused_with_a_clear_message(
    world: World, visit, choice: str | None, message: str
) -> None:
    if choice:
        sign_gluteal(world, choice)
    response = record(world.therapist_user, visit, "confirmed")
    assert message in text(response)
    assert not VisitConsent.objects.exists()


@pytest.mark.parametrize("choice", [None, "none", "direct"])
def test_declining_is_always_recorded(world: World, visit, choice: str | None) -> None:
    if choice:
        sign_gluteal(world, choice)
    response = record(world.owner, visit, "declined")
    assert "Recorded: the client declined gluteal work today." in text(response)
    assert VisitConsent.objects.get(appointment=visit).answer == "declined"


def test_an_empty_answer_records_nothing_and_says_what_to_choose(world: World, visit) -> None:
    response = record(world.therapist_user, visit, "")
    assert "Choose “Client confirmed today” or “Client declined today”." in text(response)
    assert not VisitConsent.objects.exists()


def test_withdrawing_after_confirming_warns_the_therapist(world: World, visit, browser) -> None:
    sign_gluteal(world, "direct")
    record(world.therapist_user, visit, "confirmed")
    browser.post(page_url(world), revoking("gluteal"))
    page = visit_page(world.therapist_user, visit)
    assert "The client withdrew consent after this was recorded" in page


def test_front_desk_can_not_record_or_see_the_section(world: World, visit) -> None:
    sign_gluteal(world, "direct")
    url = reverse("consents:visit_gluteal", args=[visit.code])
    assert signed_in(world.front_desk).post(url, {"answer": "confirmed"}).status_code == 404
    assert not VisitConsent.objects.exists()
    assert "Gluteal work this session" not in visit_page(world.front_desk, visit)


def test_another_practices_visit_is_missing(world: World) -> None:
    theirs = AppointmentFactory(practice=world.other_practice, client=world.other_client)
    url = reverse("consents:visit_gluteal", args=[theirs.code])
    assert signed_in(world.owner).post(url, {"answer": "declined"}).status_code == 404
    assert not VisitConsent.objects.exists()
