"""Staff must turn on two-factor authentication before they open client records."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from ..conftest import World, give_totp, signed_in
from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

RECORD_PAGES = ["practice:clients", "site:inbox"]


@pytest.fixture
def mfa_required(settings) -> None:
    settings.EASEPLAN_REQUIRE_STAFF_MFA = True


@pytest.mark.parametrize("page", RECORD_PAGES)
def test_staff_without_mfa_are_sent_to_turn_it_on(world: World, mfa_required, page) -> None:
    browser = signed_in(world.therapist_user)
    response = browser.get(reverse(page))
    assert response["Location"] == reverse("mfa_activate_totp")
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("Turn on two-factor authentication" in m for m in shown)


def test_a_client_record_is_closed_without_mfa(world: World, mfa_required) -> None:
    response = signed_in(world.owner).get(reverse("practice:client", args=[world.client.code]))
    assert response.status_code == 302
    assert world.client.last_name not in response.content.decode()


@pytest.mark.parametrize("page", RECORD_PAGES)
def test_staff_with_mfa_open_records(world: World, mfa_required, page) -> None:
    give_totp(world.therapist_user)
    assert signed_in(world.therapist_user).get(reverse(page)).status_code == 200


def test_staff_pages_without_records_need_no_mfa(world: World, mfa_required) -> None:
    assert signed_in(world.front_desk).get(reverse("practice:dashboard")).status_code == 200


def test_the_rule_is_on_by_default_when_debug_is_off(monkeypatch) -> None:
    import importlib

    import easeplan.settings as s

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.delenv("EASEPLAN_REQUIRE_STAFF_MFA", raising=False)
    try:
        assert importlib.reload(s).EASEPLAN_REQUIRE_STAFF_MFA is True
        monkeypatch.setenv("EASEPLAN_REQUIRE_STAFF_MFA", "false")
        assert importlib.reload(s).EASEPLAN_REQUIRE_STAFF_MFA is False
    finally:
        monkeypatch.undo()
        importlib.reload(s)


def test_any_user_can_turn_on_totp_and_login_then_asks_for_a_code(client, world: World) -> None:
    client.post(reverse("account_login"), {"login": world.client_user.email, "password": PASSWORD})
    # Changing security settings asks for the password again first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = f"{hotp_value(secret, next(yield_hotp_counters_from_time())):06d}"
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(
        user=world.client_user, type=Authenticator.Type.TOTP
    ).exists()

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": world.client_user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    authenticator = Authenticator.objects.get(user=world.client_user, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).instance.user == world.client_user
