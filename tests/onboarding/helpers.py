"""Walking the setup wizard as a browser would, for the tests of its steps."""

from __future__ import annotations

from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from easeplan.onboarding import services
from easeplan.onboarding.models import WizardState

from ..conftest import totp_code

PRACTICE = {
    "name": "Harbour Massage",
    "country": "GB",
    "time_zone": "",
    "currency": "",
    "address": "1 Quay Street, Bristol",
    "phone": "0117 496 0321",
    "email": "hello@harbour.example.org",
    "cancellation_notice_hours": "24",
}
OWNER = {
    "full_name": "Morwenna Trelawny",
    "email": "morwenna@harbour.example.org",
    "password1": "kelp-forest-lighthouse",
    "password2": "kelp-forest-lighthouse",
}


def url(slug: str) -> str:
    return reverse("onboarding:step", args=[slug])


def begin(browser: HttpClient) -> None:
    """Open a fresh setup link and press Begin: the wizard's first step is next."""
    link = services.issue_setup_link(now=timezone.now())
    answer = browser.post(link.removeprefix("http://127.0.0.1:8000"))
    assert answer.status_code == 302, answer.content.decode()
    assert answer.url == url("practice")


def services_form(rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "s-TOTAL_FORMS": str(len(rows)),
        "s-INITIAL_FORMS": str(len(rows)),
        "s-MIN_NUM_FORMS": "0",
        "s-MAX_NUM_FORMS": "10",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if key == "include":
                if value:
                    data[f"s-{i}-include"] = "on"
            else:
                data[f"s-{i}-{key}"] = value
    return data


TWO_SERVICES = [
    {
        "include": True,
        "name": "Initial assessment",
        "duration_minutes": "75",
        "buffer_after_minutes": "15",
        "price": "70",
    },
    {
        "include": True,
        "name": "Treatment, 60 minutes",
        "duration_minutes": "60",
        "buffer_after_minutes": "10",
        "price": "55.50",
    },
    {
        "include": False,
        "name": "Treatment, 90 minutes",
        "duration_minutes": "90",
        "buffer_after_minutes": "15",
        "price": "85",
    },
]

WEEKDAYS_9_TO_5 = {
    f"{d}_0_{e}": t
    for d in ("mon", "tue", "wed", "thu", "fri")
    for e, t in (("starts", "09:00"), ("ends", "17:00"))
}


def team_form(rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "t-TOTAL_FORMS": "3",
        "t-INITIAL_FORMS": "0",
        "t-MIN_NUM_FORMS": "0",
        "t-MAX_NUM_FORMS": "3",
    }
    for i in range(3):
        row = rows[i] if i < len(rows) else {}
        data[f"t-{i}-full_name"] = row.get("full_name", "")
        data[f"t-{i}-email"] = row.get("email", "")
        data[f"t-{i}-role"] = row.get("role", "therapist")
        if row.get("is_therapist", True):
            data[f"t-{i}-is_therapist"] = "on"
    return data


def state_of(browser: HttpClient) -> WizardState:
    found = services.wizard_for(browser.session.get("onboarding.wizard"))
    assert found is not None
    return found


def walk_to(
    browser: HttpClient, last: str, *, invitations: list[dict[str, Any]] | None = None
) -> Any:
    """Answer the steps in order up to and including `last`; returns the last answer."""
    begin(browser)
    answer = browser.post(url("practice"), PRACTICE)
    if last == "practice":
        return answer
    answer = browser.post(url("owner"), OWNER)
    if last == "owner":
        return answer
    browser.get(url("security"))  # shows the code to scan
    secret = state_of(browser).answers["security_pending"]
    answer = browser.post(url("security"), {"code": totp_code(secret)})
    if last == "security":
        return answer
    answer = browser.post(url("services"), services_form(TWO_SERVICES))
    if last == "services":
        return answer
    answer = browser.post(url("hours"), WEEKDAYS_9_TO_5)
    if last == "hours":
        return answer
    return browser.post(url("team"), team_form(invitations or []))
