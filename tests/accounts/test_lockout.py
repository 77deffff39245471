"""Failed sign-ins: a stranger can't lock the owner out, the owner is told, all is audited."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client as Browser
from django.urls import reverse

from easeplan.accounts import lockout
from easeplan.accounts.models import AuditEvent

from ..conftest import World, give_totp, totp_code
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER_HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_limits() -> None:
    cache.clear()


def sign_in(browser: Browser, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return browser.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in_as(browser: Browser, user) -> bool:  # type: ignore[no-untyped-def]
    return browser.session.get("_auth_user_id") == str(user.pk)


def stranger_fails(email: str, times: int, *, addresses: int = 1) -> None:
    for n in range(times):
        sign_in(Browser(), email, "guessing", f"203.0.113.{n % addresses + 1}")


def test_a_stranger_elsewhere_cannot_lock_the_owner_out() -> None:
    owner = UserFactory(email="dana@example.org")
    stranger_fails(owner.email, 12, addresses=3)
    owner_browser = Browser()
    response = sign_in(owner_browser, owner.email, PASSWORD, OWNER_HOME)
    assert response.status_code == 302
    assert signed_in_as(owner_browser, owner)


def test_failures_from_one_place_are_throttled_there_with_a_clear_message() -> None:
    owner = UserFactory(email="dana@example.org")
    for _ in range(5):
        sign_in(Browser(), owner.email, "guessing", "203.0.113.9")
    browser = Browser()
    response = sign_in(browser, owner.email, PASSWORD, "203.0.113.9")  # even the right one
    assert response.status_code == 200
    assert "Too many failed sign-ins from here" in response.content.decode()
    assert not signed_in_as(browser, owner)
    locked = AuditEvent.objects.get(action="accounts.login.locked")
    assert locked.object_id == str(owner.pk) and locked.ip == "203.0.113.9"
    assert locked.data == {"route": reverse("account_login"), "known_browser": False}


def test_many_failures_from_everywhere_stop_unknown_browsers_but_not_the_owners() -> None:
    owner = UserFactory(email="dana@example.org")
    own_browser = Browser()
    sign_in(own_browser, owner.email, PASSWORD, OWNER_HOME)
    assert lockout.DEVICE_COOKIE in own_browser.cookies
    own_browser.post(reverse("account_logout"))  # as a person does: the browser keeps its cookies
    assert not signed_in_as(own_browser, owner)

    stranger_fails(owner.email, lockout.UNKNOWN_PLACE_LIMIT, addresses=20)
    new_place = Browser()
    assert sign_in(new_place, owner.email, PASSWORD, "192.0.2.50").status_code == 200
    assert not signed_in_as(new_place, owner)
    # The owner's own browser signs in, from home or on the road.
    assert sign_in(own_browser, owner.email, PASSWORD, "192.0.2.51").status_code == 302
    assert signed_in_as(own_browser, owner)


def test_a_password_reset_link_lets_the_owner_in_from_a_new_place() -> None:
    owner = UserFactory(email="dana@example.org")
    stranger_fails(owner.email, lockout.UNKNOWN_PLACE_LIMIT, addresses=20)
    mail.outbox.clear()
    browser = Browser()
    browser.post(reverse("account_reset_password"), {"email": owner.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/password/reset/key/" in w)
    page = browser.get(link.split("testserver", 1)[-1].split("8000", 1)[-1], follow=True)
    browser.post(
        page.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    response = sign_in(browser, owner.email, "a-new-long-password", "192.0.2.50")
    assert response.status_code == 302
    assert signed_in_as(browser, owner)


def test_the_owner_is_told_once_about_repeated_failures(
    django_capture_on_commit_callbacks,
) -> None:
    owner = UserFactory(email="dana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        stranger_fails(owner.email, lockout.WARN_AFTER - 1, addresses=4)
        assert mail.outbox == []
        stranger_fails(owner.email, 6, addresses=6)
    (email,) = mail.outbox
    assert email.to == [owner.email]
    assert "wrong password" in email.body and "/accounts/password/reset/" in email.body


def test_no_email_for_an_address_without_an_account(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        stranger_fails("nobody@example.org", 8, addresses=4)
    assert mail.outbox == []


def test_every_failed_sign_in_is_audited_without_the_password() -> None:
    owner = UserFactory(email="dana@example.org")
    sign_in(Browser(), owner.email, "guessing-1", "203.0.113.1")
    sign_in(Browser(), "nobody@example.org", "guessing-2", "203.0.113.2")
    first, second = AuditEvent.objects.filter(action="accounts.login.failed").order_by("pk")
    assert (first.object_id, first.ip, first.actor) == (str(owner.pk), "203.0.113.1", None)
    assert first.data == {"route": reverse("account_login"), "account_exists": True}
    assert (second.object_id, second.data["account_exists"]) == ("", False)
    assert "guessing" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_a_wrong_two_factor_code_is_audited(world: World) -> None:
    secret = give_totp(world.therapist_user)
    browser = Browser()
    response = sign_in(browser, world.therapist_user.email, PASSWORD, OWNER_HOME)
    assert response["Location"] == reverse("mfa_authenticate")
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    browser.post(reverse("mfa_authenticate"), {"code": wrong}, REMOTE_ADDR=OWNER_HOME)
    event = AuditEvent.objects.get(action="accounts.mfa.failed")
    assert (event.object_id, event.ip) == (str(world.therapist_user.pk), OWNER_HOME)
    assert event.data["type"] == "totp" and wrong not in str(event.data)


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_outage_does_not_break_signing_in(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    owner = UserFactory(email="dana@example.org")
    for n in range(lockout.WARN_AFTER):  # the last one would warn the owner
        response = sign_in(Browser(), owner.email, "guessing", f"203.0.113.{n + 1}")
        assert response.status_code == 200
        assert "password" in response.content.decode()
