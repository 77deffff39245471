"""A newcomer on an empty installation: from the printed setup link to a booked visit."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from easeplan.booking.models import Appointment
from easeplan.practice.models import Practice, WorkingHours

from ..conftest import totp_code
from .conftest import fits_the_screen, give_details_and_book
from .test_accessibility import serious

pytestmark = pytest.mark.e2e


def printed_setup_path() -> str:
    out = StringIO()
    call_command("setup_link", stdout=out)
    (line,) = [line.strip() for line in out.getvalue().splitlines() if "/setup/link/" in line]
    return "/setup/" + line.split("/setup/", 1)[1]


def looks_right(page) -> bool:  # type: ignore[no-untyped-def]
    """Fits a phone's screen, and axe finds no serious problem."""
    return fits_the_screen(page) and serious(page) == []


def test_a_newcomer_sets_up_a_practice_and_a_visitor_books_on_its_public_page(page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Set up your practice")).to_be_visible()
    expect(page.get_by_text("python manage.py setup_link")).to_be_visible()

    page.goto(printed_setup_path())
    page.get_by_role("button", name="Begin").click()

    expect(page.get_by_role("heading", name=re.compile("Your practice"))).to_be_visible()
    page.get_by_role("button", name="Continue").click()  # nothing filled in: say what's missing
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert looks_right(page)
    page.get_by_label("Name of the practice").fill("Harbour Massage")
    page.get_by_label("Country").select_option(label="France")
    expect(page.get_by_label("Time zone")).to_contain_text("The country's time zone (Europe/Paris)")
    expect(page.get_by_label("Currency")).to_contain_text("The country's currency (EUR)")
    page.get_by_label("Country").select_option(label="United Kingdom")
    expect(page.get_by_label("Currency")).to_contain_text("The country's currency (GBP)")
    page.get_by_label("Email of the practice").fill("hello@harbour.example.org")
    page.get_by_label("Phone").fill("0117 496 0321")
    page.get_by_label("Cancellation notice (hours)").fill("48")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name=re.compile("Your account"))).to_be_visible()
    page.get_by_label("Your name").fill("Morwenna Trelawny")
    page.get_by_label("Your email").fill("morwenna@harbour.example.org")
    page.locator("input[name='password1']").fill("kelp-forest-lighthouse")
    page.get_by_label("Password again").fill("kelp-forest-lighthouse")
    page.get_by_role("button", name="Continue").click()

    two_factor = page.get_by_role("heading", name=re.compile("Two-factor authentication"))
    expect(two_factor).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert looks_right(page)
    secret = page.locator("[data-totp-secret]").inner_text()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()

    # Two of the three template services; the 60-minute one a little dearer.
    expect(page.get_by_role("heading", name=re.compile("Services"))).to_be_visible()
    assert looks_right(page)
    page.locator("input[name='s-1-price']").fill("62.50")
    page.locator("input[name='s-2-include']").uncheck()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name=re.compile("Your working hours"))).to_be_visible()
    page.get_by_label("Monday, first interval: From").fill("09:00")
    page.get_by_label("Monday, first interval: Until").fill("17:00")
    page.get_by_role("button", name="Copy Monday to Tuesday–Friday").click()
    expect(page.get_by_label("Friday, first interval: Until")).to_have_value("17:00")
    assert looks_right(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name=re.compile("Invite your team"))).to_be_visible()
    assert looks_right(page)
    page.get_by_role("button", name="Create the practice").click()

    expect(page.get_by_text("Harbour Massage is set up")).to_be_visible()
    checklist = page.get_by_role("region", name="Getting started")
    expect(checklist).to_contain_text("Services clients can book")
    expect(checklist).to_contain_text("Import your clients")
    assert looks_right(page)
    practice = Practice.objects.get()
    assert (practice.time_zone, practice.currency, practice.cancellation_notice_hours) == (
        "Europe/London",
        "GBP",
        48,
    )
    assert sorted(practice.services.values_list("name", flat=True)) == [
        "Initial assessment",
        "Treatment, 60 minutes",
    ]
    week = WorkingHours.objects.filter(therapist__practice=practice)
    assert sorted(h.weekday for h in week) == [0, 1, 2, 3, 4]
    assert {(h.starts, h.ends) for h in week} == {(dt.time(9), dt.time(17))}

    # A visitor (another browser) books on the new public page.
    visitor = page.context.browser.new_context(
        viewport={"width": 375, "height": 800}, base_url=page.url.split("/staff/")[0]
    )
    public = visitor.new_page()
    public.goto("/")
    expect(public.get_by_role("link", name="Harbour Massage")).to_be_visible()
    expect(public.get_by_text("£62.50")).to_be_visible()
    public.get_by_role("link", name="Book a first assessment").first.click()
    public.get_by_role("link", name=re.compile("Initial assessment")).click()
    public.get_by_role("link", name="First available").click()
    public.locator("a.time").first.click()
    expect(public.get_by_role("heading", name="Confirm your visit")).to_be_visible()
    give_details_and_book(public)
    expect(public.get_by_role("heading", name="You're booked")).to_be_visible()
    visit = Appointment.objects.get(client__email="robin@example.org")
    assert visit.therapist.user.email == "morwenna@harbour.example.org"
    assert visit.starts_at.astimezone(practice.zone).weekday() < 5
    visitor.close()
