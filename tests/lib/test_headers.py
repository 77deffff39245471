"""Security headers: a strict Content-Security-Policy and Permissions-Policy on every
page, and no-store on every page that may show health or personal data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client as Browser
from django.urls import reverse

from ..conftest import World, signed_in
from ..factories import PlanOfCareFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_every_page_gets_a_strict_policy_and_no_browser_features(world: World) -> None:
    response = Browser().get(reverse("site:condition", args=["piriformis-syndrome"]))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all("unsafe" not in v for values in policy.values() for v in values)
    features = response["Permissions-Policy"]
    assert "camera=()" in features and "geolocation=()" in features


@pytest.mark.django_db
def test_the_style_nonce_of_a_page_is_the_one_in_its_policy(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    response = signed_in(world.therapist_user).get(reverse("progress:plan", args=[plan.code]))
    assert response.status_code == 200
    (nonce,) = set(re.findall(r'<style nonce="([^"]+)">', response.content.decode()))
    assert directives(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    again = signed_in(world.therapist_user).get(reverse("progress:plan", args=[plan.code]))
    assert f"'nonce-{nonce}'" not in again["Content-Security-Policy"]  # new every response


def private_pages(world: World) -> list[tuple[str, Browser]]:
    staff, client = signed_in(world.therapist_user), signed_in(world.client_user, mfa=False)
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    return [
        (reverse("practice:client", args=[world.client.code]), staff),
        (reverse("practice:clients"), staff),
        (reverse("reports:plan", args=[plan.code]), staff),
        (reverse("reports:plan_pdf", args=[plan.code]), staff),
        (reverse("insights:csv"), signed_in(world.owner)),
        (reverse("account_home"), client),
        (reverse("portal:messages"), client),
        (reverse("reports:mine", args=[plan.code]), client),
        (reverse("privacy:export_json"), client),
        (reverse("privacy:export_csv"), client),
        (reverse("account_login"), Browser()),
        (reverse("screening:start"), Browser()),
    ]


@pytest.mark.django_db
def test_pages_with_health_or_personal_data_are_never_stored(world: World) -> None:
    for url, browser in private_pages(world):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_public_pages_may_be_cached(world: World) -> None:
    for url in (reverse("site:contact"), reverse("site:condition", args=["piriformis-syndrome"])):
        response = Browser().get(url)
        assert response.status_code == 200, url
        assert "no-store" not in response.get("Cache-Control", ""), url


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_handlers_or_style_attributes(template: Path) -> None:
    source = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", source)
    assert not re.search(r"\son[a-z]+=", source)
    assert not re.search(r"\sstyle=", source)
    assert not re.search(r"<style(?![^>]*nonce=)", source)


@pytest.mark.django_db
def test_public_pages_are_not_stored_for_someone_with_a_session(world: World) -> None:
    """Signed in, or with self-check answers kept: /book/ and the site may be about them."""
    visitor = Browser()
    visitor.post(
        reverse("screening:step", args=["where"]), {"areas": ["buttock"], "both_sides": "one"}
    )
    for browser in (signed_in(world.client_user, mfa=False), visitor):
        for url in (reverse("booking:book"), reverse("site:home")):
            response = browser.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"], url
