"""Two practices made by hosted sign-up never see each other's anything.

Both therapists sign up as a browser would (their own emails and links, the wizard with a
real TOTP code); then the staff route matrix of tests/practice/test_access.py runs over
the records of each practice as seen by the other's owner, with the Host headers of both
practices' addresses, and each public site shows only its own services and therapists.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse

from easeplan.accounts.models import Membership, User
from easeplan.practice.models import Practice

from ...conftest import World, page_text
from ...factories import ClientFactory, MembershipFactory, UserFactory
from ...practice.test_access import ROUTES, kwargs_for
from .helpers import HARBOUR, MOORLAND, Therapist, host_of, sign_up

pytestmark = pytest.mark.django_db


def world_of(practice: Practice, owner: User, other: Practice, other_owner: User) -> World:
    """The personas of tests/conftest.py for a practice made by sign-up: its owner is its
    therapist; a front desk and clients are added as the practice would add them."""
    client_user = UserFactory()
    tag = practice.slug.capitalize()
    return World(
        practice=practice,
        owner=owner,
        therapist_user=owner,
        therapist=practice.therapists.get(user=owner),
        front_desk=MembershipFactory(practice=practice, role=Membership.Role.FRONT_DESK).user,
        client_user=client_user,
        client=ClientFactory(
            practice=practice,
            user=client_user,
            email=client_user.email,
            first_name="Ada",
            last_name=f"{tag}quillfeather",
        ),
        another_client=ClientFactory(
            practice=practice, first_name="Bram", last_name=f"{tag}vossbergen"
        ),
        other_practice=other,
        other_owner=other_owner,
        other_client=ClientFactory(practice=other, first_name="Cyd", last_name="Marlowicz"),
    )


@pytest.fixture
def signed_up() -> dict[str, tuple[HttpClient, World, Therapist]]:
    harbour_browser, harbour, harbour_owner = sign_up(HARBOUR)
    moorland_browser, moorland, moorland_owner = sign_up(MOORLAND)
    return {
        "harbour": (
            harbour_browser,
            world_of(harbour, harbour_owner, moorland, moorland_owner),
            HARBOUR,
        ),
        "moorland": (
            moorland_browser,
            world_of(moorland, moorland_owner, harbour, harbour_owner),
            MOORLAND,
        ),
    }


def _request(browser: HttpClient, name: str, url: str, host: str, victim: Practice):  # type: ignore[no-untyped-def]
    method, _ = ROUTES[name]
    data = {"practice": victim.slug} if name == "practice:switch" else {}
    if method == "GET":
        return browser.get(url, HTTP_HOST=host)
    return browser.post(url, data, HTTP_HOST=host)


@pytest.mark.parametrize(("viewer", "victim"), [("harbour", "moorland"), ("moorland", "harbour")])
def test_staff_of_one_get_404_for_every_record_of_the_other(signed_up, viewer, victim) -> None:
    browser, _, _ = signed_up[viewer]  # signed in by the wizard's last step, with TOTP
    _, theirs, _ = signed_up[victim]
    leaks = []
    for name in sorted(ROUTES):
        # Each route's records are made afresh (as each test of test_access.py has its
        # own), in a savepoint rolled back after the route's requests.
        savepoint = transaction.savepoint()
        kwargs = kwargs_for(name, theirs)
        url = reverse(name, kwargs=kwargs)
        leaks.extend(_leaks(browser, name, url, kwargs, viewer, theirs))
        transaction.savepoint_rollback(savepoint)
    assert leaks == []


def _leaks(browser, name, url, kwargs, viewer, theirs) -> list[tuple[str, str, object]]:  # type: ignore[no-untyped-def]
    """What of `theirs` one route shows the viewer, on both practices' addresses: a
    record's page must answer 404; a page without an id shows the viewer's own practice."""
    leaks: list[tuple[str, str, object]] = []
    for host in (host_of(viewer), host_of(theirs.practice.slug)):
        response = _request(browser, name, url, host, theirs.practice)
        if kwargs or name == "practice:switch":
            if response.status_code != 404:
                leaks.append((name, host, response.status_code))
            continue
        if response.status_code != 200:
            leaks.append((name, host, response.status_code))
        page = page_text(response)
        for word in (
            theirs.practice.name,
            theirs.client.last_name,
            theirs.another_client.last_name,
            theirs.therapist.display_name,
        ):
            if word in page:
                leaks.append((name, host, word))
    return leaks


def test_each_public_site_shows_only_its_own_services_and_therapists(signed_up) -> None:
    for slug, (_, world, person) in signed_up.items():
        _, other_world, other_person = next(v for k, v in signed_up.items() if k != slug)
        visitor = HttpClient(HTTP_HOST=host_of(slug))
        for path in ("/", reverse("booking:book")):
            page = page_text(visitor.get(path, follow=True))
            assert world.practice.name in page, path
            assert other_world.practice.name not in page, path
            for service in other_person.services:
                assert service not in page, path
            assert other_person.full_name not in page, path
        home = page_text(visitor.get("/"))
        assert person.full_name in home
        for service in person.services:
            assert service in home


def test_a_client_of_one_practice_sees_nothing_of_the_other(signed_up) -> None:
    _, harbour, _ = signed_up["harbour"]
    _, moorland, _ = signed_up["moorland"]
    for host in (host_of("harbour"), host_of("moorland")):
        browser = HttpClient(HTTP_HOST=host)
        browser.force_login(
            harbour.client_user, backend="django.contrib.auth.backends.ModelBackend"
        )
        page = page_text(browser.get(reverse("account_home"), follow=True))
        assert moorland.client.last_name not in page
        assert moorland.another_client.last_name not in page
        assert moorland.therapist.display_name not in page
