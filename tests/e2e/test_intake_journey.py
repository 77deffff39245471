"""From self-check to the therapist's summary: intake, consents and what the therapist sees.

A visitor books after a clean self-check, opens their health questions from the booking
page (a signed link, no password), saves a draft, submits, signs the consents by typed
name and revokes the gluteal one; the therapist then signs in with TOTP and finds it all on
the pre-visit summary and the calendar. A red flag in the intake sends the client to a
doctor with no way to book.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from easeplan.booking.models import Appointment

from ..conftest import World, give_totp, totp_code
from ..factories import PASSWORD, WorkingHoursFactory
from .conftest import fits_the_screen, give_details_and_book, log_in, offers_no_booking
from .test_accessibility import serious
from .test_self_check import answer_first_steps

pytestmark = pytest.mark.e2e

GOALS = "Sit through a whole film without my buttock aching."
TREATMENT = "Consent to massage treatment"
PRIVACY = "How we keep your health information"
GLUTEAL = "Consent to treatment of the gluteal area (buttock)"
OVER_THE_SHEET = "Through the sheet or my clothing only"


@pytest.fixture
def open_every_day(world: World) -> None:
    for weekday in range(1, 7):  # Monday comes with the world
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)


def book_after_a_clean_self_check(page) -> None:  # type: ignore[no-untyped-def]
    answer_first_steps(page)
    page.get_by_role("button", name="Next").click()  # no red flags ticked
    page.get_by_role("button", name="See my result").click()
    page.get_by_role("link", name="Book a first assessment").click()
    page.get_by_role("link", name=re.compile("Treatment, 60 minutes")).click()
    page.get_by_role("link", name="First available").click()
    page.locator("a.time").first.click()
    give_details_and_book(page)
    expect(page.get_by_role("heading", name="You're booked")).to_be_visible()


def sign(page, title: str, name: str, option: str = "") -> None:  # type: ignore[no-untyped-def]
    """Sign the consent called `title` with the typed `name` (and the gluteal `option`)."""
    consent = page.get_by_role("region", name=title)
    if option:
        consent.get_by_label(option).check()
    consent.get_by_label("I have read and understood this").check()
    consent.get_by_label("Type your full name to sign").fill(name)
    consent.get_by_role("button", name=re.compile("^Sign")).click()


def test_a_visitor_self_checks_books_fills_the_intake_signs_the_consents_and_the_therapist_sees_it(
    page, world: World, open_every_day, live_server
) -> None:
    book_after_a_clean_self_check(page)
    visit = Appointment.objects.select_related("client").get(client__email="robin@example.org")
    client = visit.client
    assert fits_the_screen(page)

    # The booking page opens the intake through the signed link: no password asked.
    page.get_by_role("link", name="Fill in your health questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your health questionnaire")
    assert page.url.endswith(f"/account/intake/{client.code}/")
    pain = page.locator("#section-pain")
    expect(pain.get_by_text("From your self-check")).to_be_visible()
    expect(pain.locator("dd").filter(has_text="Deep in the buttock")).to_be_visible()
    expect(pain.locator("dd").filter(has_text="Sitting")).to_be_visible()
    expect(page.get_by_label("Your phone number")).to_have_value("+441174960123")
    assert serious(page) == []
    assert fits_the_screen(page)

    page.get_by_label("Date of birth").fill("1984-06-02")
    page.get_by_label("Emergency contact: name").fill("Sam Fairweather")
    page.get_by_label("Emergency contact: phone").fill("0117 496 0456")
    blood_thinners = page.get_by_role("group", name=re.compile("Do you take blood thinners"))
    blood_thinners.get_by_label("Yes", exact=True).check()
    new_pain = page.get_by_role("group", name=re.compile("Is the pain you came with"))
    new_pain.get_by_label("No", exact=True).check()
    page.get_by_label("Osteoporosis (thin or fragile bones)").check()
    page.get_by_label("What would you like to be able to do again?").fill(GOALS)

    # A draft keeps everything typed, across a reload.
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("Saved. You can come back and finish later")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Showing the draft saved")).to_be_visible()
    expect(page.get_by_label("Date of birth")).to_have_value("1984-06-02")
    expect(page.get_by_label("Emergency contact: name")).to_have_value("Sam Fairweather")
    expect(page.get_by_label("Emergency contact: phone")).to_have_value("0117 496 0456")
    expect(blood_thinners.get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.get_by_label("Osteoporosis (thin or fragile bones)")).to_be_checked()
    expect(page.get_by_label("What would you like to be able to do again?")).to_have_value(GOALS)

    page.get_by_role("button", name="Submit intake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.get_by_text("your therapist will read this before your visit")).to_be_visible()
    assert fits_the_screen(page)

    # Consents: a wrong name is refused with the name we expect, then all three signed.
    page.get_by_role("link", name="Read and sign your consents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consents")
    assert page.url.endswith(f"/account/consents/{client.code}/")
    assert serious(page) == []
    assert fits_the_screen(page)
    sign(page, TREATMENT, "Robin Fairwether")
    treatment = page.get_by_role("region", name=TREATMENT)
    expect(
        treatment.get_by_text("To sign, type your full name as we have it: Robin Fairweather.")
    ).to_be_visible()
    expect(treatment.get_by_role("alert")).to_contain_text("Not signed yet.")
    assert serious(page) == []  # the page with errors too
    sign(page, TREATMENT, "robin  FAIRWEATHER")  # case and spacing don't matter
    expect(page.get_by_text("Your treatment consent is signed.")).to_be_visible()
    sign(page, PRIVACY, "Robin Fairweather")
    expect(page.get_by_text("Your privacy consent is signed.")).to_be_visible()
    sign(page, GLUTEAL, "Robin Fairweather", option=OVER_THE_SHEET)
    expect(page.get_by_text("Your gluteal work consent is signed.")).to_be_visible()
    gluteal = page.get_by_role("region", name=GLUTEAL)
    expect(gluteal.get_by_text(f"Your choice: {OVER_THE_SHEET}")).to_be_visible()
    assert serious(page) == []

    gluteal.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(page.get_by_text("Your gluteal consent is revoked.")).to_be_visible()
    expect(page.get_by_role("region", name=GLUTEAL).get_by_text("Revoked on")).to_be_visible()
    for title in (TREATMENT, PRIVACY):
        expect(page.get_by_role("region", name=title).get_by_text("Signed on")).to_be_visible()
    assert fits_the_screen(page)

    # The therapist, on another phone, signs in with a code from their authenticator app.
    page.context.clear_cookies()
    secret = give_totp(world.therapist_user)
    log_in(page, world.therapist_user.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url("**/staff/**")

    page.goto(f"/staff/clients/{client.code}/summary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Before the visit: Robin Fairweather")
    expect(page.get_by_text("Takes blood thinners")).to_be_visible()
    expect(page.get_by_text("Osteoporosis (fragile bones)")).to_be_visible()
    expect(page.get_by_text("Gluteal consent revoked")).to_be_visible()
    expect(page.get_by_text(GOALS)).to_be_visible()
    expect(page.get_by_text("Postpone this session")).to_have_count(0)
    expect(page.get_by_text("intake not completed")).to_have_count(0)
    assert serious(page) == []
    assert fits_the_screen(page)

    day = visit.starts_at.astimezone(world.practice.zone).date()
    page.goto(f"/staff/calendar/?day={day:%Y-%m-%d}&therapist={world.therapist.code}")
    row = page.get_by_role("row").filter(has_text="Robin Fairweather")
    expect(row).to_have_count(1)
    expect(row.get_by_text("cautions", exact=True)).to_be_visible()
    expect(row.get_by_text("intake not completed")).to_have_count(0)
    expect(row.get_by_text("postpone", exact=True)).to_have_count(0)
    assert fits_the_screen(page)


def test_a_client_whose_intake_raises_a_red_flag_is_sent_to_a_doctor(page, world: World) -> None:
    log_in(page, world.client_user.email, PASSWORD)
    page.goto(f"/account/intake/{world.client.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your health questionnaire")
    page.get_by_label("Date of birth").fill("1979-11-30")
    page.get_by_label("Emergency contact: name").fill("Tom Quillfeather")
    page.get_by_label("Emergency contact: phone").fill("0117 496 0789")
    page.get_by_label("Deep in the buttock", exact=True).check()
    page.get_by_label("Have you lost control of your bladder or bowels?").check()
    blood_thinners = page.get_by_role("group", name=re.compile("Do you take blood thinners"))
    blood_thinners.get_by_label("No", exact=True).check()
    new_pain = page.get_by_role("group", name=re.compile("Is the pain you came with"))
    new_pain.get_by_label("No", exact=True).check()
    page.get_by_label("What would you like to be able to do again?").fill("Walk the dog.")
    page.get_by_role("button", name="Submit intake").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Go to an emergency department today")
    expect(page.get_by_text("Loss of bladder or bowel control")).to_be_visible()
    assert offers_no_booking(page)
    assert serious(page) == []
    assert fits_the_screen(page)
