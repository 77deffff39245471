"""Personas shared by every test: one practice with its team and clients, and outsiders."""

from __future__ import annotations

import html
import time
from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client as HttpClient
from hypothesis import settings as hypothesis_settings

from easeplan.accounts.models import Membership, User
from easeplan.practice.models import Client, Practice, Therapist

from .factories import (
    ClientFactory,
    MembershipFactory,
    PracticeFactory,
    ServiceFactory,
    TherapistFactory,
    UserFactory,
    WorkingHoursFactory,
)

# Property tests check what is computed, not how fast: a loaded machine must not fail them.
hypothesis_settings.register_profile("easeplan", deadline=None)
hypothesis_settings.load_profile("easeplan")


@dataclass
class World:
    practice: Practice
    owner: User
    therapist_user: User
    therapist: Therapist
    front_desk: User
    client_user: User
    client: Client
    another_client: Client
    other_practice: Practice
    other_owner: User
    other_client: Client


@pytest.fixture
def world(db) -> World:
    practice = PracticeFactory(name="Riverside Massage", slug="riverside")
    owner = MembershipFactory(practice=practice, role=Membership.Role.OWNER).user
    therapist_user = MembershipFactory(practice=practice, role=Membership.Role.THERAPIST).user
    # Distinctive names, so "not in the page" can't be fooled by ordinary words.
    therapist = TherapistFactory(
        practice=practice, user=therapist_user, display_name="Dana Whitlockova"
    )
    WorkingHoursFactory(therapist=therapist)
    ServiceFactory(practice=practice, name="Treatment, 60 minutes")
    front_desk = MembershipFactory(practice=practice, role=Membership.Role.FRONT_DESK).user
    client_user = UserFactory()
    client = ClientFactory(
        practice=practice,
        user=client_user,
        email=client_user.email,
        first_name="Ada",
        last_name="Quillfeather",
    )
    other_practice = PracticeFactory(name="Hilltop Clinic", slug="hilltop")
    other_owner = MembershipFactory(practice=other_practice, role=Membership.Role.OWNER).user
    return World(
        practice=practice,
        owner=owner,
        therapist_user=therapist_user,
        therapist=therapist,
        front_desk=front_desk,
        client_user=client_user,
        client=client,
        another_client=ClientFactory(practice=practice, first_name="Bram", last_name="Vossbergen"),
        other_practice=other_practice,
        other_owner=other_owner,
        other_client=ClientFactory(
            practice=other_practice, first_name="Cyd", last_name="Marlowicz"
        ),
    )


def page_text(response) -> str:  # type: ignore[no-untyped-def]
    """A response's HTML with entities decoded, as the words a reader sees appear in it."""
    return html.unescape(response.content.decode())


def signed_in(user: User, *, mfa: bool = True) -> HttpClient:
    """A browser signed in as `user`; with `mfa`, as if they had entered a TOTP code."""
    browser = HttpClient()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if mfa:
        session = browser.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time()},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    return browser


def give_totp(user: User) -> str:
    """Turn on TOTP for `user` the way allauth stores it; returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return secret


def give_passkey(user: User, name: str = "Phone") -> Authenticator:
    """A passkey on record for `user`, as allauth stores one (type and name; the credential
    itself only matters to a browser ceremony, which tests/e2e/test_passkeys.py runs)."""
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now. Close to the end of a 30-second period it
    waits for the next one, so the code is still current when the server checks it."""
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time

    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return f"{hotp_value(secret, counters[len(counters) // 2]):06d}"


@pytest.fixture
def as_owner(world: World) -> HttpClient:
    return signed_in(world.owner)


@pytest.fixture(autouse=True)
def production_rules(settings) -> None:
    """Tests run with production's rules: staff need MFA for client records.

    Passwords hash fast (production keeps Django's slow, safe hashers), and background
    tasks run as they are enqueued (after the transaction commits).
    """
    settings.EASEPLAN_REQUIRE_STAFF_MFA = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _first_run_asks_again() -> None:
    """Each test starts as a freshly started server: whether a practice exists is asked of
    the test's own database (saving a practice answers it at once)."""
    from easeplan.onboarding import first_run

    first_run.forget()


@pytest.fixture(autouse=True)
def _practice_languages_asked_again() -> None:
    """Each test's practices decide its pages' language, not a previous test's (saving a
    practice remembers them at once)."""
    from easeplan.practice.middleware import forget_practice_languages

    forget_practice_languages()


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """Tests about PostgreSQL itself only make sense against PostgreSQL.

    bin/test-all deselects them in the SQLite pass; a plain `pytest` on SQLite skips them.
    """
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: set DATABASE_URL to a PostgreSQL server")
    for item in items:
        if item.get_closest_marker("postgresql"):
            item.add_marker(skip)
