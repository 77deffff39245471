"""Signing up for a hosted practice as a browser would: /start/, the emailed link, the
wizard's steps (a real TOTP code), with the Host headers of the hosting domain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core import mail
from django.test import Client as HttpClient
from django.test import TestCase

from easeplan.accounts.models import User
from easeplan.practice.models import Practice

from ...conftest import totp_code
from ..helpers import WEEKDAYS_9_TO_5, services_form, state_of, team_form, url

DOMAIN = "clinics.example.org"
LINK = re.compile(r"https?://[^/\s]+(/start/verify/[^/\s]+/)")


def apex() -> HttpClient:
    """A browser on the hosting domain itself, where /start/ is."""
    return HttpClient(HTTP_HOST=DOMAIN)


def host_of(slug: str) -> str:
    return f"{slug}.{DOMAIN}"


def link_in_last_email(to: str) -> str:
    """The path of the sign-up link in the last email sent to `to`."""
    message = next(m for m in reversed(mail.outbox) if m.to == [to])
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def ask_for_link(browser: HttpClient, email: str) -> str:
    """Sign up at /start/ and read the link from the email (sent once the request commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = browser.post("/start/", {"email": email, "website": ""})
    assert answer.status_code == 302, answer.content.decode()
    assert answer.url == "/start/sent/"
    return link_in_last_email(email.lower())


@dataclass(frozen=True)
class Therapist:
    """One therapist signing up: what they type on each page."""

    email: str
    full_name: str
    practice_name: str
    slug: str
    services: tuple[str, str]
    password: str = "kelp-forest-lighthouse"

    def practice(self) -> dict[str, Any]:
        return {
            "name": self.practice_name,
            "slug": self.slug,
            "country": "GB",
            "time_zone": "",
            "currency": "",
            "address": "1 Quay Street, Bristol",
            "phone": "",
            "email": self.email,
            "cancellation_notice_hours": "24",
        }

    def owner(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name,
            "email": self.email,
            "password1": self.password,
            "password2": self.password,
        }

    def service_rows(self) -> dict[str, Any]:
        rows = [
            {
                "include": True,
                "name": name,
                "duration_minutes": "60",
                "buffer_after_minutes": "15",
                "price": "60",
            }
            for name in self.services
        ]
        return services_form(rows)


HARBOUR = Therapist(
    "morwenna@harbour.example.org",
    "Morwenna Trelawny",
    "Harbour Massage",
    "harbour",
    ("Harbour kelp-stone treatment", "Harbour quayside assessment"),
)
MOORLAND = Therapist(
    "ewan@moorland.example.org",
    "Ewan Blackadderly",
    "Moorland Sports Therapy",
    "moorland",
    ("Moorland fell-runner massage", "Moorland bog-trotter assessment"),
)


def open_wizard(browser: HttpClient, person: Therapist) -> None:
    """Ask for the link, open it and press Begin: the wizard's first step is next."""
    link = ask_for_link(browser, person.email)
    assert browser.get(link).status_code == 200
    begun = browser.post(link)
    assert begun.status_code == 302, begun.content.decode()
    assert begun.url == url("practice")


def walk_to(browser: HttpClient, person: Therapist, last: str) -> Any:
    """Answer the steps in order up to and including `last`; returns the last answer."""
    open_wizard(browser, person)
    answer = browser.post(url("practice"), person.practice())
    if last == "practice":
        return answer
    answer = browser.post(url("owner"), person.owner())
    if last == "owner":
        return answer
    browser.get(url("security"))
    secret = state_of(browser).answers["security_pending"]
    answer = browser.post(url("security"), {"code": totp_code(secret)})
    if last == "security":
        return answer
    answer = browser.post(url("services"), person.service_rows())
    if last == "services":
        return answer
    answer = browser.post(url("hours"), WEEKDAYS_9_TO_5)
    if last == "hours":
        return answer
    return browser.post(url("team"), team_form([]))


def sign_up(person: Therapist) -> tuple[HttpClient, Practice, User]:
    """A therapist's whole sign-up; returns their browser (signed in by the last step),
    their practice and their account."""
    browser = apex()
    done = walk_to(browser, person, "team")
    assert done.status_code == 302, done.content.decode()
    assert done.url == "/staff/"
    practice = Practice.objects.get(slug=person.slug)
    return browser, practice, User.objects.get(email=person.email)
