"""Two-factor authentication means an authenticator app or a passkey, wherever it is asked."""

from __future__ import annotations

import time

import pytest
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.mfa import AddPasskeyForm, has_mfa, second_factors
from easeplan.portal.home.sections import home_for

from ..conftest import World, give_passkey, give_totp, signed_in
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def give_recovery_codes(user) -> Authenticator:  # type: ignore[no-untyped-def]
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    return RecoveryCodes.activate(user).instance


def test_nobody_has_mfa_until_they_set_up_a_second_factor(world: World) -> None:
    assert has_mfa(world.therapist_user) is False
    assert has_mfa(AnonymousUser()) is False
    assert second_factors(world.therapist_user) == set()


def test_an_authenticator_app_counts(world: World) -> None:
    give_totp(world.therapist_user)
    assert has_mfa(world.therapist_user) is True
    assert second_factors(world.therapist_user) == {"totp"}


def test_a_passkey_alone_counts(world: World) -> None:
    give_passkey(world.therapist_user)
    assert has_mfa(world.therapist_user) is True
    assert second_factors(world.therapist_user) == {"webauthn"}


def test_both_count_once_each(world: World) -> None:
    give_totp(world.owner)
    give_passkey(world.owner, "Laptop")
    give_passkey(world.owner, "Phone")
    assert second_factors(world.owner) == {"totp", "webauthn"}


def test_recovery_codes_alone_are_not_a_second_factor(world: World) -> None:
    give_recovery_codes(world.front_desk)
    assert has_mfa(world.front_desk) is False


def test_someone_elses_passkey_does_not_count(world: World) -> None:
    give_passkey(world.other_owner)
    assert has_mfa(world.owner) is False


def test_staff_without_a_second_factor_choose_one(world: World) -> None:
    """The two-factor page offers both: an authenticator app and a passkey."""
    browser = signed_in(world.therapist_user, mfa=False)
    response = browser.get(reverse("practice:clients"))
    assert response["Location"] == reverse("mfa_index")
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("an authenticator app or a passkey" in m for m in shown)
    page = browser.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_activate_totp") in page
    assert reverse("mfa_add_webauthn") in page


def test_staff_with_only_a_passkey_are_asked_to_use_it(world: World) -> None:
    give_passkey(world.front_desk)
    browser = signed_in(world.front_desk, mfa=False)
    url = reverse("practice:client", args=[world.client.code])
    response = browser.get(url)
    expected = f"{reverse('mfa_reauthenticate_webauthn')}?next={url.replace('/', '%2F')}"
    assert response["Location"] == expected
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("Use your passkey to open them" in m for m in shown)
    assert world.client.last_name not in response.content.decode()


def test_staff_with_both_are_asked_for_an_app_code(world: World) -> None:
    give_totp(world.front_desk)
    give_passkey(world.front_desk)
    response = signed_in(world.front_desk, mfa=False).get(reverse("practice:clients"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?")


def test_a_session_that_used_a_passkey_opens_the_records(world: World) -> None:
    give_passkey(world.front_desk)
    browser = signed_in(world.front_desk, mfa=False)
    session = browser.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "webauthn", "passwordless": True},
    ]
    session["account_authentication_methods_user"] = str(world.front_desk.pk)
    session.save()
    response = browser.get(reverse("practice:clients"))
    assert response.status_code == 200
    assert world.client.last_name in response.content.decode()


def _request_for(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    return request


@pytest.mark.parametrize(
    ("kind", "counts"),
    [("webauthn", True), ("totp", True), ("recovery_codes", False)],
)
def test_setting_up_a_factor_counts_as_using_it(world: World, kind: str, counts: bool) -> None:
    user = world.therapist_user
    if kind == "webauthn":
        authenticator = give_passkey(user)
    elif kind == "totp":
        give_totp(user)
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    else:
        authenticator = give_recovery_codes(user)
    request = _request_for(user)
    authenticator_added.send(
        sender=Authenticator, request=request, user=user, authenticator=authenticator
    )
    records = get_authentication_records(request, user)
    assert any(r.get("method") == "mfa" for r in records) is counts


def test_the_portal_home_says_a_passkey_is_two_factor(world: World) -> None:
    assert home_for(world.client_user, timezone.now()).has_mfa is False
    give_passkey(world.client_user)
    assert home_for(world.client_user, timezone.now()).has_mfa is True


def test_a_new_passkey_signs_in_on_its_own_unless_unticked(world: World) -> None:
    request = _request_for(world.owner)
    from allauth.core import context

    with context.request_context(request):
        form = AddPasskeyForm(user=UserFactory())
    assert form.fields["passwordless"].initial is True
    assert "fingerprint, face or PIN" in str(form.fields["passwordless"].help_text)


def test_the_dashboard_offers_a_passkey_to_staff_without_a_second_factor(world: World) -> None:
    page = signed_in(world.therapist_user, mfa=False).get(reverse("practice:dashboard"))
    text = page.content.decode()
    assert "Set up a passkey" in text
    assert reverse("mfa_add_webauthn") in text and reverse("mfa_activate_totp") in text


@pytest.mark.parametrize("factor", ["passkey", "totp"])
def test_the_dashboard_offers_nothing_to_staff_who_have_one(world: World, factor: str) -> None:
    give_passkey(world.therapist_user) if factor == "passkey" else give_totp(world.therapist_user)
    for browser in (signed_in(world.therapist_user, mfa=False), signed_in(world.therapist_user)):
        text = browser.get(reverse("practice:dashboard")).content.decode()
        assert "Set up a passkey" not in text


def test_signing_in_with_an_app_asks_for_its_code_and_offers_no_passkey(
    client, world: World
) -> None:
    from ..factories import PASSWORD

    give_totp(world.owner)
    response = client.post(
        reverse("account_login"), {"login": world.owner.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Enter the code from your authenticator app. A recovery code works too." in page
    assert "Use your passkey" not in page
    assert 'id="mfa_webauthn_authenticate"' not in page
