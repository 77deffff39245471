"""The wizard's second-factor step offers a passkey: the owner makes one right there, in
Chromium with a virtual authenticator, and signs in with their password and that passkey."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from easeplan.accounts.mfa import has_mfa
from easeplan.accounts.models import User

from .conftest import log_in
from .test_accessibility import serious
from .test_first_run_journey import printed_setup_path
from .test_passkeys import sign_out, virtual_authenticator

pytestmark = pytest.mark.e2e

EMAIL, PASSWORD = "morwenna@harbour.example.org", "kelp-forest-lighthouse"


def test_the_owner_sets_up_a_passkey_in_the_wizard(page) -> None:
    virtual_authenticator(page)
    page.goto(printed_setup_path())
    page.get_by_role("button", name="Begin").click()
    page.get_by_label("Name of the practice").fill("Harbour Massage")
    page.get_by_label("Country").select_option(label="United Kingdom")
    page.get_by_label("Email of the practice").fill("hello@harbour.example.org")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("Morwenna Trelawny")
    page.get_by_label("Your email").fill(EMAIL)
    page.locator("input[name='password1']").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(
        page.get_by_role("heading", name=re.compile("Two-factor authentication"))
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Use a passkey")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()  # the other way
    assert serious(page) == []
    page.get_by_role("button", name="Set up a passkey").click()

    expect(page.get_by_role("heading", name=re.compile("Services"))).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Your working hours"))).to_be_visible()
    page.get_by_label("Monday, first interval: From").fill("09:00")
    page.get_by_label("Monday, first interval: Until").fill("17:00")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Create the practice").click()
    expect(page.get_by_text("Harbour Massage is set up")).to_be_visible()

    owner = User.objects.get(email=EMAIL)
    passkey = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().name == "Passkey"
    assert not Authenticator.objects.filter(user=owner, type=Authenticator.Type.TOTP).exists()
    assert has_mfa(owner)
    # Making the passkey proved it: this session opens client records straight away.
    page.goto("/staff/clients/")
    assert page.url.endswith("/staff/clients/")

    sign_out(page)
    log_in(page, EMAIL, PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    page.goto("/staff/clients/")
    assert page.url.endswith("/staff/clients/")


def test_a_cancelled_passkey_says_so_and_the_app_still_works(page) -> None:
    # No virtual authenticator: the browser has nothing to make a passkey with.
    page.goto(printed_setup_path())
    page.get_by_role("button", name="Begin").click()
    page.get_by_label("Name of the practice").fill("Harbour Massage")
    page.get_by_label("Country").select_option(label="United Kingdom")
    page.get_by_label("Email of the practice").fill("hello@harbour.example.org")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill("Morwenna Trelawny")
    page.get_by_label("Your email").fill(EMAIL)
    page.locator("input[name='password1']").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Continue").click()  # neither way: say what to do
    expect(page.get_by_text("Set up a passkey, or type the 6 digits")).to_be_visible()
