"""The wizard's second-factor step, the passkey way, as the server sees it: the page offers
a passkey with a fresh challenge; a passkey that wasn't made for it is refused in words.
(Making a real one takes a browser: tests/e2e/test_wizard_passkey.py.)"""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client as HttpClient

from easeplan.onboarding import passkey

from ..conftest import page_text
from .helpers import OWNER, state_of, url, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> HttpClient:
    return HttpClient()


def test_the_page_offers_a_passkey_for_the_owner_with_a_fresh_challenge(browser) -> None:
    walk_to(browser, "owner")
    first = browser.get(url("security"))
    options = json.loads(json.dumps(first.context["passkey_options"]))
    creation = options["creation_options"]["publicKey"]
    assert creation["user"]["name"] == OWNER["email"]
    assert creation["authenticatorSelection"]["residentKey"] == "discouraged"
    assert "Use a passkey" in page_text(first)
    again = browser.get(url("security"))
    challenge = again.context["passkey_options"]["creation_options"]["publicKey"]["challenge"]
    assert challenge != creation["challenge"]  # each page its own
    assert state_of(browser).answers[passkey.PENDING]["challenge"] == challenge


@pytest.mark.parametrize(
    "credential",
    [
        "not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "AAAA", "type": "public-key", "response": {}}),
    ],
)
def test_a_passkey_not_made_for_this_page_is_refused_in_words(browser, credential: str) -> None:
    walk_to(browser, "owner")
    browser.get(url("security"))
    answer = browser.post(url("security"), {"credential": credential, "code": ""})
    assert answer.status_code == 200
    assert "The passkey could not be set up." in page_text(answer)
    assert "security" not in state_of(browser).answers.get("done", [])
    assert not Authenticator.objects.exists()


def test_neither_a_passkey_nor_a_code_says_what_to_do(browser) -> None:
    walk_to(browser, "owner")
    answer = browser.post(url("security"), {"code": "", "credential": ""})
    assert "Set up a passkey, or type the 6 digits your authenticator app shows." in page_text(
        answer
    )
