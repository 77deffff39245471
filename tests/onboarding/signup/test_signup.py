"""Hosted sign-up: /start/, the emailed link, and the wizard for one practice among many."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.utils import timezone

from easeplan.accounts.models import User
from easeplan.onboarding.models import SignupRequest, WizardState
from easeplan.practice.models import Practice

from ...conftest import page_text
from ...factories import PracticeFactory, UserFactory
from ..helpers import WEEKDAYS_9_TO_5, state_of, team_form, url
from .helpers import (
    DOMAIN,
    HARBOUR,
    MOORLAND,
    apex,
    ask_for_link,
    host_of,
    open_wizard,
    sign_up,
    walk_to,
)

pytestmark = pytest.mark.django_db


def test_signup_off_answers_404_everywhere(settings) -> None:
    settings.EASEPLAN_PRACTICE_SIGNUP = False
    PracticeFactory()
    browser = HttpClient()
    assert browser.get("/start/").status_code == 404
    assert browser.post("/start/", {"email": "a@example.org"}).status_code == 404
    assert browser.get("/start/sent/").status_code == 404
    assert browser.get("/start/verify/anything/").status_code == 404
    assert not SignupRequest.objects.exists()


def test_a_wizard_opened_by_signup_closes_when_signup_is_turned_off(settings) -> None:
    browser = apex()
    walk_to(browser, HARBOUR, "practice")
    settings.EASEPLAN_PRACTICE_SIGNUP = False
    assert browser.get(url("owner")).status_code == 404


def test_the_link_is_emailed_once_and_opens_the_wizard_for_that_address() -> None:
    browser = apex()
    page = browser.get("/start/")
    assert page.status_code == 200
    assert 'name="website"' in page.content.decode()  # the honeypot is there
    link = ask_for_link(browser, "Morwenna@Harbour.example.org")
    (email,) = mail.outbox
    assert email.to == ["morwenna@harbour.example.org"]
    assert "works once, for 24 hours" in email.body
    assert SignupRequest.objects.get().sent_at is not None
    assert "morwenna@harbour.example.org" in page_text(browser.get("/start/sent/"))
    shown = browser.get(link)  # a link checker or preview does not use it up
    assert "morwenna@harbour.example.org" in page_text(shown)
    assert browser.post(link).url == url("practice")
    practice_page = page_text(browser.get(url("practice")))
    assert f".{DOMAIN}" in practice_page
    assert 'value="morwenna@harbour.example.org"' in practice_page  # the practice's email


def test_two_therapists_get_two_practices_each_with_its_address() -> None:
    harbour_browser, harbour, harbour_owner = sign_up(HARBOUR)
    _, moorland, moorland_owner = sign_up(MOORLAND)
    assert (harbour.slug, moorland.slug) == ("harbour", "moorland")
    assert harbour_owner.memberships.get().practice == harbour
    assert moorland_owner.memberships.get().practice == moorland
    # The address was proved by the link: the owner signs in with it, verified.
    assert harbour_owner.emailaddress_set.get().verified
    dashboard = harbour_browser.get("/staff/", follow=True)
    text = page_text(dashboard)
    assert "Harbour Massage is set up" in text
    assert "Its public pages are at https://harbour.clinics.example.org/" in text
    # The getting-started checklist links to the practice's own address.
    assert 'href="https://harbour.clinics.example.org/book/"' in dashboard.content.decode()
    # TOTP was set up in the wizard: client records open at once.
    assert harbour_browser.get("/staff/clients/").status_code == 200


def test_the_owner_email_is_the_verified_one_and_cant_be_changed() -> None:
    browser = apex()
    walk_to(browser, HARBOUR, "practice")
    page = page_text(browser.get(url("owner")))
    assert "The address you confirmed" in page
    answer = browser.post(url("owner"), {**HARBOUR.owner(), "email": "mallory@example.org"})
    assert answer.status_code == 302
    assert state_of(browser).answers["owner"]["email"] == HARBOUR.email


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("www", "“www” is reserved for the service itself"),
        ("admin", "“admin” is reserved for the service itself"),
        ("ab", "Use 3 to 40 characters; “ab” has 2."),
        ("x" * 5000, "Use 3 to 40 characters;"),
        ("Harbour_Massage", "Use lowercase letters (a–z), digits and hyphens only"),
        ("-harbour", "Use lowercase letters (a–z), digits and hyphens only"),
        ("harbour.evil", "Use lowercase letters (a–z), digits and hyphens only"),
    ],
)
def test_the_slug_says_what_is_wrong(slug: str, message: str) -> None:
    browser = apex()
    open_wizard(browser, HARBOUR)
    answer = browser.post(url("practice"), {**HARBOUR.practice(), "slug": slug})
    assert answer.status_code == 200
    assert message in page_text(answer)
    assert "practice" not in state_of(browser).answers.get("done", [])


def test_a_taken_slug_says_taken() -> None:
    PracticeFactory(slug="harbour")
    browser = apex()
    open_wizard(browser, HARBOUR)
    answer = browser.post(url("practice"), HARBOUR.practice())
    assert "“harbour” is taken: another practice has this address" in page_text(answer)


def test_an_empty_slug_is_made_from_the_name() -> None:
    browser = apex()
    open_wizard(browser, HARBOUR)
    answer = browser.post(url("practice"), {**HARBOUR.practice(), "slug": ""})
    assert answer.status_code == 302
    assert state_of(browser).answers["practice"]["slug"] == "harbour-massage"


def test_a_slug_taken_meanwhile_leads_back_to_the_practice_page() -> None:
    browser = apex()
    walk_to(browser, HARBOUR, "hours")
    PracticeFactory(slug="harbour")
    answer = browser.post(url("team"), team_form([]))
    assert answer.url == url("practice")
    assert "“harbour” is taken" in page_text(browser.get(url("practice")))
    assert Practice.objects.count() == 1
    assert not User.objects.filter(email=HARBOUR.email).exists()


def test_a_double_submit_of_the_last_step_creates_one_practice() -> None:
    browser = apex()
    walk_to(browser, HARBOUR, "hours")
    first = browser.post(url("team"), team_form([]))
    second = browser.post(url("team"), team_form([]))
    assert (first.url, second.url) == ("/staff/", "/staff/")
    assert Practice.objects.filter(slug="harbour").count() == 1
    assert User.objects.filter(email=HARBOUR.email).count() == 1


def test_a_double_submit_of_the_sign_up_form_sends_two_links_for_one_practice() -> None:
    browser = apex()
    first = ask_for_link(browser, HARBOUR.email)
    second = ask_for_link(browser, HARBOUR.email)
    assert browser.post(first).status_code == 302
    browser.post(url("practice"), HARBOUR.practice())
    other = apex()
    assert other.post(second).status_code == 302
    other.post(url("practice"), HARBOUR.practice())
    # Both wizards go on, but the address and the slug make one practice only.
    walk_to(browser, HARBOUR, "team")
    assert Practice.objects.filter(slug="harbour").count() == 1


def test_the_wizard_runs_although_other_practices_exist() -> None:
    PracticeFactory(slug="elsewhere")
    _, practice, _ = sign_up(HARBOUR)
    assert practice.name == "Harbour Massage"
    assert Practice.objects.count() == 2


def test_a_tampered_link_gets_a_plain_page() -> None:
    browser = apex()
    link = ask_for_link(browser, HARBOUR.email)
    tampered = link.replace("/start/verify/", "/start/verify/x")
    for answer in (browser.get(tampered), browser.post(tampered)):
        assert answer.status_code == 410
        assert "not one we sent, or it was changed on its way" in page_text(answer)
    assert browser.get("/start/verify/%E2%9C%93/").status_code == 410
    assert not WizardState.objects.exists()


def test_a_replayed_link_gets_a_plain_page() -> None:
    browser = apex()
    link = ask_for_link(browser, HARBOUR.email)
    assert browser.post(link).status_code == 302
    for answer in (apex().get(link), apex().post(link)):
        assert answer.status_code == 410
        assert "used already; each works once" in page_text(answer)
    assert WizardState.objects.count() == 1


def test_an_expired_link_gets_a_plain_page() -> None:
    browser = apex()
    link = ask_for_link(browser, HARBOUR.email)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=24, minutes=1)):
        answer = browser.post(link)
    assert answer.status_code == 410
    assert "This link expired on" in page_text(answer)
    assert not WizardState.objects.exists()


def test_an_address_with_an_account_is_told_to_sign_in() -> None:
    UserFactory(email=HARBOUR.email)
    browser = apex()
    link = ask_for_link(browser, HARBOUR.email)  # the form says nothing about accounts
    answer = browser.get(link)
    assert answer.status_code == 410
    assert "An account with this address exists already" in page_text(answer)


def test_a_bot_filling_the_honeypot_sees_the_same_page_but_nothing_is_sent() -> None:
    browser = apex()
    answer = browser.post("/start/", {"email": "bot@example.org", "website": "http://spam"})
    assert answer.url == "/start/sent/"
    assert not SignupRequest.objects.exists()
    assert not mail.outbox


def test_too_many_sign_ups_from_one_address_are_refused_politely(settings) -> None:
    settings.EASEPLAN_SIGNUP_RATE_PER_HOUR = 2
    browser = apex()
    for n in range(2):
        ask_for_link(browser, f"person{n}@example.org")
    answer = browser.post("/start/", {"email": "person9@example.org"})
    assert answer.status_code == 429
    assert "Several sign-ups came from here in the last hour" in page_text(answer)
    assert SignupRequest.objects.count() == 2


def test_one_email_address_gets_at_most_three_links_an_hour() -> None:
    for _ in range(3):
        ask_for_link(HttpClient(HTTP_HOST=DOMAIN, REMOTE_ADDR="10.0.0.1"), HARBOUR.email)
    again = HttpClient(HTTP_HOST=DOMAIN, REMOTE_ADDR="10.0.0.2").post(
        "/start/", {"email": HARBOUR.email}
    )
    assert again.status_code == 429
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Give your email address"),
        ("not-an-address", "That email address doesn't look right"),
        ("a" * 100_000 + "@example.org", "An email address has at most 320 characters"),
    ],
)
def test_the_sign_up_form_says_what_is_wrong(email: str, message: str) -> None:
    answer = apex().post("/start/", {"email": email})
    assert answer.status_code == 200
    assert message in page_text(answer)
    assert not SignupRequest.objects.exists()


def test_nul_bytes_are_refused_with_a_message() -> None:
    answer = apex().post("/start/", {"email": "a\x00@example.org"})
    assert answer.status_code == 400
    assert "NUL byte" in answer.content.decode()
    browser = apex()
    open_wizard(browser, HARBOUR)
    answer = browser.post(url("practice"), {**HARBOUR.practice(), "slug": "harb\x00our"})
    assert answer.status_code == 400
    assert "practice" not in state_of(browser).answers.get("done", [])


def test_the_hosting_domain_itself_leads_to_start() -> None:
    PracticeFactory(slug="harbour")
    answer = apex().get("/")
    assert answer.status_code == 302
    assert answer.url == "/start/"
    # No practice's pages show on the hosting domain.
    for path in ("/book/", "/contact/", "/conditions/piriformis-syndrome/"):
        assert apex().get(path).status_code == 404, path


def test_with_signup_on_no_practice_does_not_send_the_apex_to_setup() -> None:
    assert not Practice.objects.exists()
    assert apex().get("/").url == "/start/"
    assert apex().get("/start/").status_code == 200


def test_a_subdomain_no_practice_has_is_404_not_another_practice() -> None:
    PracticeFactory(slug="harbour", name="Harbour Massage")
    answer = HttpClient(HTTP_HOST=host_of("nobody")).get("/")
    assert answer.status_code == 404
    nested = HttpClient(HTTP_HOST=f"x.{host_of('harbour')}").get("/")
    assert nested.status_code == 404


def test_the_hours_step_and_the_rest_are_the_wizards() -> None:
    browser = apex()
    walk_to(browser, MOORLAND, "services")
    bad = browser.post(url("hours"), {**WEEKDAYS_9_TO_5, "mon_0_ends": "08:00"})
    assert "Until must be after From (09:00)." in page_text(bad)
