"""An owner gives the practice's public site its own domain in the practice's settings."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from ..conftest import World, page_text
from ..factories import PracticeFactory, ServiceFactory

SETTINGS = {
    "name": "Riverside Massage",
    "tagline": "",
    "time_zone": "Europe/London",
    "country": "GB",
    "currency": "GBP",
    "address": "1 Main St",
    "phone": "",
    "email": "desk@example.org",
    "cancellation_notice_hours": "24",
    "min_booking_notice_hours": "2",
    "booking_horizon_days": "60",
    "reminder_hours_before": "24",
    "plan_abandoned_after_days": "42",
    "record_retention_years": "8",
}


def test_the_domain_is_kept_lowercase_and_serves_the_practices_site(
    world: World, as_owner, settings
) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.riverside-massage.org"]
    ServiceFactory(practice=world.other_practice, name="Hilltop hot stones")
    answer = as_owner.post(
        reverse("practice:settings"), {**SETTINGS, "domain": " WWW.Riverside-Massage.org. "}
    )
    assert answer.status_code == 302
    world.practice.refresh_from_db()
    assert world.practice.domain == "www.riverside-massage.org"
    home = page_text(HttpClient(HTTP_HOST="www.riverside-massage.org").get("/"))
    assert "Riverside Massage" in home
    assert "Hilltop hot stones" not in home


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("https://www.example.org/", "Give the host name only, without https:// or a path"),
        ("www.example.org:8443", "Give the host name without a port"),
        ("localhost", "Give the full host name with its domain"),
        ("bad_name.example.org", "“bad_name” can't be part of a host name"),
        ("-x.example.org", "“-x” can't be part of a host name"),
        ("192.168.1.10", "Give a host name, not an IP address"),
        ("a." * 200 + "org", "A host name has at most 253 characters"),
        ("a." * 110 + "org", "Give a host name of at most 200 characters; this has 223."),
        ("me@example.org", "A host name has no spaces or @"),
    ],
)
def test_a_domain_that_is_no_host_name_says_what_is_wrong(
    world: World, as_owner, domain: str, message: str
) -> None:
    answer = as_owner.post(reverse("practice:settings"), {**SETTINGS, "domain": domain})
    assert answer.status_code == 200
    assert message in page_text(answer)
    world.practice.refresh_from_db()
    assert world.practice.domain == ""


def test_a_domain_of_another_practice_is_refused(world: World, as_owner) -> None:
    PracticeFactory(domain="www.hilltop.example.org")
    answer = as_owner.post(
        reverse("practice:settings"), {**SETTINGS, "domain": "WWW.hilltop.example.org"}
    )
    assert "Another practice uses www.hilltop.example.org already" in page_text(answer)


def test_keeping_its_own_domain_is_no_conflict(world: World, as_owner) -> None:
    world.practice.domain = "www.riverside.example.org"
    world.practice.save()
    data = {**SETTINGS, "domain": "www.riverside.example.org"}
    assert as_owner.post(reverse("practice:settings"), data).status_code == 302


def test_with_hosting_on_the_hosting_domain_is_not_a_custom_domain(
    world: World, as_owner, settings
) -> None:
    settings.EASEPLAN_PRACTICE_SIGNUP = True
    settings.EASEPLAN_PRACTICE_DOMAIN = "clinics.example.org"
    answer = as_owner.post(
        reverse("practice:settings"), {**SETTINGS, "domain": "hilltop.clinics.example.org"}
    )
    text = page_text(answer)
    assert "Addresses under clinics.example.org come with the practice's short name" in text
    assert "yours is riverside.clinics.example.org" in text
