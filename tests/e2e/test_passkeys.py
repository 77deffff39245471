"""A staff member adds a passkey, then signs in with it alone: no password, no code."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from easeplan.accounts.mfa import has_mfa

from ..conftest import World
from ..factories import PASSWORD
from .conftest import fits_the_screen, log_in
from .test_accessibility import serious

pytestmark = pytest.mark.e2e


def virtual_authenticator(page) -> str:  # type: ignore[no-untyped-def]
    """A platform authenticator (like a phone's fingerprint reader) in this browser tab,
    through Chromium's DevTools protocol; it says yes to every fingerprint asked."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]


def add_a_passkey(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Add").last.click()
    # Changing security settings asks for the password again first.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_label("Sign in with this passkey alone")).to_be_checked()
    assert serious(page) == []
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_a_therapist_signs_in_with_a_passkey_and_opens_records(page, world: World) -> None:
    virtual_authenticator(page)
    log_in(page, world.therapist_user.email, PASSWORD)
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    assert not has_mfa(world.therapist_user)
    # The dashboard offers a passkey to someone with no second factor yet.
    expect(page.get_by_role("link", name="Set up a passkey")).to_be_visible()
    assert serious(page) == []
    assert fits_the_screen(page)

    add_a_passkey(page, "Work phone")
    passkey = Authenticator.objects.get(user=world.therapist_user, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().name == "Work phone"
    assert passkey.wrap().is_passwordless is True
    assert has_mfa(world.therapist_user)  # a passkey alone counts as two-factor

    # Adding it used it: this session opens client records straight away.
    page.goto("/staff/clients/")
    expect(page.get_by_text(world.client.last_name).first).to_be_visible()

    sign_out(page)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    assert "/accounts/2fa/" not in page.url  # no code asked for

    page.goto("/staff/clients/")
    assert page.url.endswith("/staff/clients/")
    expect(page.get_by_text(world.client.last_name).first).to_be_visible()


def test_a_password_sign_in_asks_a_passkey_only_therapist_for_the_passkey(
    page, world: World
) -> None:
    virtual_authenticator(page)
    log_in(page, world.front_desk.email, PASSWORD)
    add_a_passkey(page, "Desk laptop")
    sign_out(page)

    # The password alone is not enough: the second step asks for the passkey, not a code.
    log_in(page, world.front_desk.email, PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    expect(page.get_by_text("Use your passkey to finish signing in")).to_be_visible()
    page.get_by_role("button", name="Use your passkey").click()
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    page.goto("/staff/clients/")
    assert page.url.endswith("/staff/clients/")
    expect(page.get_by_text(world.client.last_name).first).to_be_visible()


def test_a_passkey_that_was_not_used_is_said_in_words(page, world: World) -> None:
    """A cancelled or failed ceremony: allauth raises an event; the page says so."""
    page.goto("/accounts/login/")
    page.evaluate(
        """() => document.dispatchEvent(new CustomEvent('allauth.error', {
            detail: {tags: ['mfa', 'webauthn'], exception: new Error('NotAllowedError')},
            cancelable: true}))"""
    )
    expect(page.get_by_role("alert")).to_contain_text("The passkey was not used")
