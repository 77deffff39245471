"""Sign up, verify, log in, reset a password, log out: the allauth flows as people use them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from easeplan.accounts.models import User

from ..conftest import World
from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"https?://[^\s/]+(/\S+)", message.body).group(1)


def test_a_client_signs_up_verifies_their_email_and_is_signed_in(client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Alex Morgan",
            "email": "Alex@Example.org",
            "password1": "a-long-sitting-pain",
            "password2": "a-long-sitting-pain",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="alex@example.org")
    assert user.full_name == "Alex Morgan"
    assert len(mail.outbox) == 1
    assert "alex@example.org" in mail.outbox[0].to

    # Not verified yet: signing in asks for the email to be confirmed first.
    client.logout()
    client.post(
        reverse("account_login"), {"login": "alex@example.org", "password": "a-long-sitting-pain"}
    )
    assert "_auth_user_id" not in client.session

    confirm = link_in(mail.outbox[0])
    client.get(confirm)
    response = client.post(confirm)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_with_a_taken_email_reveals_nothing_and_tells_the_owner(client) -> None:
    """No account enumeration: the page looks the same; the real owner gets an email."""
    UserFactory(email="sam@example.org")
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Sam",
            "email": "SAM@example.org",
            "password1": "a-long-sitting-pain",
            "password2": "a-long-sitting-pain",
        },
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert "already" in mail.outbox[0].body


def test_sign_up_rejects_a_weak_password_with_a_reason(client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Sam",
            "email": "sam@example.org",
            "password1": "12345",
            "password2": "12345",
        },
    )
    assert "too short" in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


def test_people_log_in_with_their_email_in_any_case(client) -> None:
    user = UserFactory(email="maya@example.org")
    response = client.post(
        reverse("account_login"), {"login": "MAYA@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_is_refused_with_a_message(client) -> None:
    UserFactory(email="maya@example.org")
    response = client.post(
        reverse("account_login"), {"login": "maya@example.org", "password": "not-it"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client) -> None:
    UserFactory(email="maya@example.org")
    client.post(reverse("account_reset_password"), {"email": "maya@example.org"})
    assert len(mail.outbox) == 1
    reset = link_in(mail.outbox[0])
    response = client.get(reset, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset
    response = client.post(
        form_url, {"password1": "a-new-long-password", "password2": "a-new-long-password"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="maya@example.org").check_password("a-new-long-password")


def test_log_out(client, world: World) -> None:
    client.force_login(world.client_user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_emails_are_unique_whatever_their_case(db) -> None:
    from django.db import IntegrityError, transaction

    UserFactory(email="one@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ONE@example.org")])  # skips save(): the database
    assert User.objects.filter(email__iexact="one@example.org").count() == 1


def test_after_signing_in_staff_land_on_the_dashboard_and_clients_on_their_account(
    client, world: World
) -> None:
    client.force_login(world.owner)
    assert client.get(reverse("home_for_user"))["Location"] == reverse("practice:dashboard")
    client.force_login(world.client_user)
    assert client.get(reverse("home_for_user"))["Location"] == reverse("account_home")
