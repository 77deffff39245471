"""Staff must use two-factor authentication before they see client records."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from ..conftest import World, give_totp, signed_in, totp_code
from ..factories import PASSWORD, ContactMessageFactory, UserFactory

pytestmark = pytest.mark.django_db


def record_pages(world: World) -> list[str]:
    message = ContactMessageFactory(practice=world.practice)
    return [
        reverse("practice:clients"),
        reverse("practice:client", args=[world.client.code]),
        reverse("site:inbox"),
        reverse("site:inbox_message", args=[message.code]),
    ]


def test_staff_without_a_second_factor_are_sent_to_turn_one_on(world: World) -> None:
    browser = signed_in(world.therapist_user, mfa=False)
    for url in record_pages(world):
        response = browser.get(url)
        assert response["Location"] == reverse("mfa_index"), url
        shown = [str(m) for m in response.wsgi_request._messages]
        assert any("Turn on two-factor authentication" in m for m in shown)


def test_staff_with_totp_must_enter_a_code_in_this_session(world: World, client) -> None:
    secret = give_totp(world.front_desk)
    client.post(reverse("account_login"), {"login": world.front_desk.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("practice:clients")).status_code == 200

    # A session that signed in some other way (here: forced) is asked for a code first.
    browser = signed_in(world.front_desk, mfa=False)
    url = reverse("practice:client", args=[world.client.code])
    response = browser.get(url)
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={url.replace('/', '%2F')}"
    assert world.client.last_name not in response.content.decode()


def test_entering_a_code_to_reauthenticate_opens_the_records(world: World) -> None:
    secret = give_totp(world.front_desk)
    browser = signed_in(world.front_desk, mfa=False)
    url = reverse("practice:clients")
    response = browser.post(
        f"{reverse('mfa_reauthenticate')}?next={url}", {"code": totp_code(secret)}
    )
    assert response["Location"] == url
    assert world.client.last_name in browser.get(url).content.decode()


def test_the_dashboard_hides_client_names_until_mfa_is_used(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from ..factories import AppointmentFactory

    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=timezone.now() + dt.timedelta(minutes=1),
    )
    hidden = signed_in(world.front_desk, mfa=False).get(reverse("practice:dashboard"))
    assert world.client.last_name not in hidden.content.decode()
    assert "Client names are hidden" in hidden.content.decode()
    shown = signed_in(world.front_desk).get(reverse("practice:dashboard")).content.decode()
    local_today = timezone.localdate(timezone=world.practice.zone)
    if (
        timezone.localtime(timezone.now() + dt.timedelta(minutes=1), world.practice.zone).date()
        == local_today
    ):
        assert world.client.last_name in shown


def test_the_rule_can_be_turned_off(world: World, settings) -> None:
    settings.EASEPLAN_REQUIRE_STAFF_MFA = False
    response = signed_in(world.therapist_user, mfa=False).get(reverse("practice:clients"))
    assert response.status_code == 200


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


@pytest.mark.django_db(transaction=True)  # allauth records the new factor after commit
def test_turning_on_totp_opens_records_in_the_same_session(client, world: World) -> None:
    client.post(reverse("account_login"), {"login": world.owner.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.owner, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("practice:clients")).status_code == 200


def test_any_user_can_turn_on_totp_and_login_then_asks_for_a_code(client, world: World) -> None:
    client.post(reverse("account_login"), {"login": world.client_user.email, "password": PASSWORD})
    # Changing security settings asks for the password again first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}).status_code == 302

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": world.client_user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(world.client_user.pk)


def test_the_django_admin_signs_in_through_allauth_so_mfa_applies(client, db) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    operator = UserFactory(is_staff=True, is_superuser=True)
    give_totp(operator)
    response = client.post(
        reverse("account_login"), {"login": operator.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
