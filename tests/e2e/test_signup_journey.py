"""A therapist signs up on a hosting installation: /start/, the emailed link, the wizard,
the dashboard; a visitor then books on the practice's own address, <slug>.localhost
(Chromium sends *.localhost to this machine, like a wildcard DNS record would)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from easeplan.booking.models import Appointment
from easeplan.practice.models import Practice

from ..conftest import totp_code
from .conftest import fits_the_screen, give_details_and_book
from .test_accessibility import serious

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://[^/\s]+(/start/verify/[^/\s]+/)")


@pytest.fixture(autouse=True)
def hosting(settings) -> None:
    settings.EASEPLAN_PRACTICE_SIGNUP = True
    settings.EASEPLAN_PRACTICE_DOMAIN = "localhost"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".localhost"]


def looks_right(page) -> bool:  # type: ignore[no-untyped-def]
    return fits_the_screen(page) and serious(page) == []


def test_a_therapist_signs_up_and_a_visitor_books_on_the_practices_address(
    page, live_server, settings
) -> None:
    settings.SITE_URL = live_server.url  # the hosting domain: localhost
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://localhost:{port}/")
    expect(page.get_by_role("heading", name="Start your practice")).to_be_visible()
    assert looks_right(page)
    page.get_by_label("Your email").fill("morwenna@harbour.example.org")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (email,) = mail.outbox
    found = LINK.search(email.body)
    assert found, email.body

    page.goto(found.group(1))
    expect(page.get_by_text("morwenna@harbour.example.org")).to_be_visible()
    page.get_by_role("button", name="Begin").click()

    expect(page.get_by_role("heading", name=re.compile("Your practice"))).to_be_visible()
    page.get_by_label("Name of the practice").fill("Harbour Massage")
    page.get_by_label("Address of your public site").fill("www")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("“www” is reserved for the service itself")).to_be_visible()
    assert looks_right(page)
    page.get_by_label("Address of your public site").fill("harbour")
    expect(page.get_by_label("Email of the practice")).to_have_value("morwenna@harbour.example.org")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name=re.compile("Your account"))).to_be_visible()
    expect(page.get_by_label("Your email")).to_be_disabled()
    page.get_by_label("Your name").fill("Morwenna Trelawny")
    page.locator("input[name='password1']").fill("kelp-forest-lighthouse")
    page.get_by_label("Password again").fill("kelp-forest-lighthouse")
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name=re.compile("Two-factor authentication"))
    ).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name=re.compile("Services"))).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Your working hours"))).to_be_visible()
    page.get_by_label("Monday, first interval: From").fill("09:00")
    page.get_by_label("Monday, first interval: Until").fill("17:00")
    page.get_by_role("button", name="Copy Monday to Tuesday–Friday").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Invite your team"))).to_be_visible()
    page.get_by_role("button", name="Create the practice").click()

    set_up = page.get_by_text("Harbour Massage is set up")
    expect(set_up).to_contain_text(f"Its public pages are at http://harbour.localhost:{port}/.")
    checklist = page.get_by_role("region", name="Getting started")
    expect(checklist).to_contain_text(f"http://harbour.localhost:{port}/book/")
    assert page.url == f"http://localhost:{port}/staff/"
    practice = Practice.objects.get()
    assert practice.slug == "harbour"

    # A visitor books on the practice's own address.
    visitor = page.context.browser.new_context(
        viewport={"width": 375, "height": 800}, base_url=f"http://harbour.localhost:{port}"
    )
    public = visitor.new_page()
    public.goto("/")
    expect(public.get_by_role("link", name="Harbour Massage")).to_be_visible()
    public.get_by_role("link", name="Book a first assessment").first.click()
    public.get_by_role("link", name=re.compile("Initial assessment")).click()
    public.get_by_role("link", name="First available").click()
    public.locator("a.time").first.click()
    expect(public.get_by_role("heading", name="Confirm your visit")).to_be_visible()
    give_details_and_book(public)
    expect(public.get_by_role("heading", name="You're booked")).to_be_visible()
    visit = Appointment.objects.get(client__email="robin@example.org")
    assert visit.practice == practice
    # An address no practice has shows no practice.
    nobody = visitor.new_page()
    answer = nobody.goto(f"http://nobody.localhost:{port}/")
    assert answer is not None and answer.status == 404
    visitor.close()
