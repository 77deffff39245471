"""The setup wizard's pages: each step keeps its answers, the last creates everything."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import check_password
from django.core import mail
from django.test import Client as HttpClient
from django.utils import timezone

from easeplan.accounts.models import Membership, User
from easeplan.onboarding import steps
from easeplan.onboarding.models import WizardState
from easeplan.practice.models import Practice, Service, WorkingHours

from ..conftest import page_text
from ..factories import UserFactory
from .helpers import (
    OWNER,
    PRACTICE,
    TWO_SERVICES,
    begin,
    services_form,
    state_of,
    team_form,
    url,
    walk_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> HttpClient:
    return HttpClient()


def test_the_whole_wizard_creates_the_practice_and_signs_the_owner_in(
    browser, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answer = walk_to(
            browser,
            "team",
            invitations=[
                {"full_name": "Tamsin Penrose", "email": "tamsin@example.org", "role": "therapist"}
            ],
        )
    assert answer.status_code == 302
    assert answer.url == "/staff/"
    practice = Practice.objects.get()
    assert (practice.name, practice.time_zone, practice.currency, practice.phone) == (
        "Harbour Massage",
        "Europe/London",
        "GBP",
        "+441174960321",
    )
    owner = User.objects.get(email=OWNER["email"])
    assert owner.check_password(OWNER["password1"])
    assert Membership.objects.get(user=owner).role == "owner"
    assert Authenticator.objects.filter(user=owner, type="totp").exists()
    assert sorted(Service.objects.values_list("name", "duration_minutes", "price")) == [
        ("Initial assessment", 75, Decimal("70.00")),
        ("Treatment, 60 minutes", 60, Decimal("55.50")),
    ]
    hours = WorkingHours.objects.filter(therapist__user=owner)
    assert sorted(h.weekday for h in hours) == [0, 1, 2, 3, 4]
    assert {(h.starts, h.ends) for h in hours} == {(dt.time(9), dt.time(17))}
    assert Membership.objects.get(user__email="tamsin@example.org").role == "therapist"
    assert [m.to for m in mail.outbox] == [["tamsin@example.org"]]
    dashboard = browser.get("/staff/")
    text = page_text(dashboard)
    assert dashboard.status_code == 200
    assert "Harbour Massage is set up" in text
    assert "Getting started" in text
    # The owner typed a code from their authenticator: client records open at once.
    assert browser.get("/staff/clients/").status_code == 200
    # The password's hash and the authenticator's secret are not kept in the wizard.
    assert WizardState.objects.get().answers == {
        "done": [s.slug for s in steps.STEPS],
        "finished": True,
    }


def test_the_answers_kept_hold_no_password_only_its_hash(browser) -> None:
    walk_to(browser, "owner")
    answers = state_of(browser).answers
    assert OWNER["password1"] not in str(answers)
    assert check_password(OWNER["password1"], answers["owner"]["password_hash"])


def test_two_browsers_keep_two_wizards_apart(browser) -> None:
    other = HttpClient()
    walk_to(browser, "practice")
    walk_to(other, "practice")
    other.post(url("practice"), {**PRACTICE, "name": "Lakeside Massage"})
    assert state_of(browser).answers["practice"]["name"] == "Harbour Massage"
    assert state_of(other).answers["practice"]["name"] == "Lakeside Massage"


def test_going_back_shows_the_answers_given(browser) -> None:
    walk_to(browser, "services")
    page = page_text(browser.get(url("practice")))
    assert 'value="Harbour Massage"' in page
    assert "Europe/London" in page
    owner = page_text(browser.get(url("owner")))
    assert OWNER["email"] in owner
    assert "Leave empty to keep the password you chose" in owner
    # Continue without typing the password again: the chosen one is kept.
    again = browser.post(url("owner"), {"full_name": OWNER["full_name"], "email": OWNER["email"]})
    assert again.status_code == 302
    services_page = page_text(browser.get(url("services")))
    assert 'value="55.50"' in services_page


def test_a_step_further_on_is_not_open_before_the_ones_before_it(browser) -> None:
    begin(browser)
    answer = browser.get(url("hours"))
    assert answer.status_code == 302
    assert answer.url == url("practice")


def test_without_a_setup_link_the_wizard_says_how_to_get_one(browser) -> None:
    answer = browser.get(url("practice"), follow=True)
    assert answer.redirect_chain == [("/setup/", 302)]
    assert "python manage.py setup_link" in page_text(answer)


def test_a_country_with_several_zones_asks_for_one(browser) -> None:
    begin(browser)
    answer = browser.post(url("practice"), {**PRACTICE, "country": "US", "phone": ""})
    assert answer.status_code == 200
    assert "This country has several time zones (most people there keep America/New_York)" in (
        page_text(answer)
    )
    ok = browser.post(
        url("practice"), {**PRACTICE, "country": "US", "phone": "", "time_zone": "America/Chicago"}
    )
    assert ok.status_code == 302
    assert state_of(browser).answers["practice"]["currency"] == "USD"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "“Mars/Olympus_Mons” is not a time zone we know"),
        ("currency", "XYZ", "“XYZ” is not a currency we know"),
        (
            "cancellation_notice_hours",
            "337",
            "A cancellation notice can be at most 14 days (336 hours)",
        ),
        ("cancellation_notice_hours", "soon", "Give the notice as a whole number of hours"),
        ("name", "x" * 5000, "Please shorten this to 120 characters or fewer (it has 5000)"),
        (
            "address",
            "y" * 100_000,
            "Please shorten this to 500 characters or fewer (it has 100000)",
        ),
        ("country", "ZZ", "Choose the country from the list."),
    ],
)
def test_the_practice_step_says_what_is_wrong(
    browser, field: str, value: str, message: str
) -> None:
    begin(browser)
    answer = browser.post(url("practice"), {**PRACTICE, field: value})
    assert answer.status_code == 200
    assert message in page_text(answer)
    assert "practice" not in state_of(browser).answers.get("done", [])


def test_a_nul_byte_is_refused_with_a_message(browser) -> None:
    begin(browser)
    answer = browser.post(url("practice"), {**PRACTICE, "name": "Harbour\x00"})
    assert answer.status_code == 400
    assert "NUL byte" in answer.content.decode()


def test_the_owner_step_uses_the_password_rules(browser) -> None:
    walk_to(browser, "practice")
    weak = browser.post(url("owner"), {**OWNER, "password1": "123", "password2": "123"})
    text = page_text(weak)
    assert "This password is too short. It must contain at least 10 characters." in text
    differ = browser.post(url("owner"), {**OWNER, "password2": "something-else-entirely"})
    assert "The two passwords differ" in page_text(differ)


def test_a_wrong_authenticator_code_is_refused(browser) -> None:
    walk_to(browser, "owner")
    shown = browser.get(url("security"))
    assert "no-store" in shown["Cache-Control"]  # the secret is never kept by a cache
    page = page_text(shown)
    assert "data:image/svg+xml;base64," in page
    assert state_of(browser).answers["security_pending"] in page
    answer = browser.post(url("security"), {"code": "000000"})
    assert "That code doesn't match" in page_text(answer)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration_minutes": "5"}, "A visit needs at least 10 minutes; 5 is too short."),
        (
            {"duration_minutes": "241"},
            "A visit can last at most 4 hours (240 minutes); 241 is too long.",
        ),
        ({"price": "-1"}, "A price can't be below zero (0 is free)."),
        ({"price": "lots"}, "Give the price as a number"),
        ({"name": ""}, "Give the service a name."),
        ({"name": "treatment, 60 MINUTES"}, "Two services have this name"),
    ],
)
def test_the_services_step_says_what_is_wrong(browser, change, message: str) -> None:
    walk_to(browser, "security")
    rows = [dict(TWO_SERVICES[0], **change), TWO_SERVICES[1]]
    answer = browser.post(url("services"), services_form(rows))
    assert answer.status_code == 200
    assert message in page_text(answer)


def test_no_services_at_all_is_a_choice(browser) -> None:
    walk_to(browser, "security")
    rows = [dict(row, include=False) for row in TWO_SERVICES]
    assert browser.post(url("services"), services_form(rows)).status_code == 302


def test_a_tampered_services_form_is_a_message_not_an_error(browser) -> None:
    walk_to(browser, "security")
    answer = browser.post(url("services"), {"s-0-name": "x"})
    assert answer.status_code == 200
    assert "ManagementForm data is missing" in page_text(answer)


def test_hours_that_end_before_they_start_or_overlap_are_refused_per_field(browser) -> None:
    walk_to(browser, "services")
    answer = browser.post(
        url("hours"),
        {
            "mon_0_starts": "09:00",
            "mon_0_ends": "13:00",
            "mon_1_starts": "12:00",
            "mon_1_ends": "17:00",
            "tue_0_starts": "17:00",
            "tue_0_ends": "09:00",
            "wed_0_starts": "09:00",
        },
    )
    text = page_text(answer)
    assert "This overlaps 09:00–13:00 on Monday: start at 13:00 or later." in text
    assert "Until must be after From (17:00)." in text
    assert "Give both From and Until, or leave both empty." in text
    form = answer.context["form"]
    assert set(form.errors) == {"mon_1_starts", "tue_0_ends", "wed_0_ends"}


def test_copy_monday_without_javascript_fills_the_weekdays(browser) -> None:
    walk_to(browser, "services")
    answer = browser.post(
        url("hours"),
        {
            "mon_0_starts": "09:00",
            "mon_0_ends": "12:30",
            "mon_1_starts": "13:30",
            "mon_1_ends": "18:00",
            "sat_0_starts": "10:00",
            "sat_0_ends": "14:00",
            "copy": "1",
        },
        follow=True,
    )
    assert answer.redirect_chain == [(url("hours"), 302)]
    form = answer.context["form"]
    for day in ("tue", "fri"):
        assert form[f"{day}_0_starts"].value() == dt.time(9)
        assert form[f"{day}_1_ends"].value() == dt.time(18)
    assert form["sat_0_starts"].value() == dt.time(10)
    assert form["sun_0_starts"].value() is None
    assert "hours" not in state_of(browser).answers["done"]  # copied, not yet answered


def test_a_double_submit_of_the_last_step_creates_one_practice(browser) -> None:
    walk_to(browser, "hours")
    first = browser.post(url("team"), team_form([]))
    second = browser.post(url("team"), team_form([]))
    assert (first.url, second.url) == ("/staff/", "/staff/")
    assert Practice.objects.count() == 1
    assert User.objects.count() == 1
    assert browser.get("/setup/").url == "/staff/"


def test_an_address_taken_meanwhile_leads_back_to_the_account_page(browser) -> None:
    walk_to(browser, "hours")
    UserFactory(email=OWNER["email"])  # signed up on another tab before the last step
    answer = browser.post(url("team"), team_form([]), follow=True)
    assert answer.redirect_chain == [(url("owner"), 302)]
    assert "An account with this email exists" in page_text(answer)
    assert Practice.objects.count() == 0


def test_a_finished_wizard_whose_practice_was_deleted_needs_a_new_link(browser) -> None:
    walk_to(browser, "team")
    Practice.objects.get().delete()
    answer = browser.get(url("team"), follow=True)
    assert answer.redirect_chain == [("/setup/", 302)]
    assert "python manage.py setup_link" in page_text(answer)


def test_two_finishes_of_one_wizard_at_once_make_one_practice(browser) -> None:
    """The second finish waits for the first one's lock, then finds the practice made."""
    walk_to(browser, "team")
    state = state_of(browser)
    practice, owner, created = steps.finish(state.pk, now=timezone.now())
    assert (practice, owner, created) == (Practice.objects.get(), None, False)


def test_once_a_practice_exists_the_wizard_refuses(browser, world) -> None:
    assert browser.get("/setup/").status_code == 404
    assert "set up already" in page_text(browser.get("/setup/"))


def test_a_second_wizard_finishing_after_the_first_creates_nothing(browser) -> None:
    other = HttpClient()
    walk_to(other, "hours")
    walk_to(browser, "team")
    answer = other.post(url("team"), team_form([]))
    assert answer.status_code == 404
    assert Practice.objects.count() == 1


def test_the_invitation_rows_say_what_is_missing(browser) -> None:
    walk_to(browser, "hours")
    answer = browser.post(
        url("team"),
        team_form([{"full_name": "Tamsin Penrose"}, {"full_name": "Me", "email": OWNER["email"]}]),
    )
    text = page_text(answer)
    assert "Give their email, so the invitation can reach them." in text
    assert Practice.objects.count() == 0
