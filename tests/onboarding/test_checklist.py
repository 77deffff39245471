"""The getting-started checklist on the owner's dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from easeplan.accounts.models import Membership
from easeplan.onboarding.panels import getting_started
from easeplan.practice.models import WorkingHours

from ..conftest import World, page_text, signed_in
from ..factories import MembershipFactory, PracticeFactory, TherapistFactory

pytestmark = pytest.mark.django_db


def labels(items) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {item.label: item.done for item in items}


def test_a_new_practice_sees_what_is_done_and_what_is_left(db) -> None:
    practice = PracticeFactory()
    owner = MembershipFactory(practice=practice, role=Membership.Role.OWNER).user
    TherapistFactory(practice=practice, user=owner)
    items = getting_started(practice, now=timezone.now())
    assert labels(items) == {
        "Services clients can book": False,
        "Working hours": False,
        "Invite your team": False,
        "Preview your public page": False,
        "Share your booking link": False,
        "Import your clients": False,
        "Connect your calendar": False,
    }
    coming = [item.label for item in items if item.coming]
    assert coming == ["Import your clients", "Connect your calendar"]
    assert all(not item.url for item in items if item.coming)


def test_services_hours_and_team_tick_off(world: World) -> None:
    done = labels(getting_started(world.practice, now=timezone.now()))
    assert done["Services clients can book"] and done["Working hours"] and done["Invite your team"]


def test_an_established_practice_with_everything_set_no_longer_sees_it(world: World) -> None:
    later = world.practice.created_at + dt.timedelta(days=15)
    assert getting_started(world.practice, now=later) is None
    WorkingHours.objects.filter(therapist__practice=world.practice).delete()
    assert labels(getting_started(world.practice, now=later))["Working hours"] is False


def test_the_dashboard_shows_it_to_owners_with_coming_items_not_links(world: World) -> None:
    page = page_text(signed_in(world.owner).get("/staff/"))
    assert "Getting started" in page
    assert "http://127.0.0.1:8000/book/" in page
    assert "Import your clients" in page
    assert ">Import your clients<" not in page.replace("\n", "")  # no link around it
    assert 'aria-disabled="true"' in page
    assert "Getting started" not in page_text(signed_in(world.therapist_user).get("/staff/"))


def test_the_checklist_costs_one_query(world: World, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        getting_started(world.practice, now=timezone.now())


def test_the_dashboard_with_the_checklist_keeps_its_query_count(
    world: World, django_assert_max_num_queries
) -> None:
    browser = signed_in(world.owner)
    with django_assert_max_num_queries(30) as small:
        browser.get("/staff/")
    for n in range(5):
        colleague = MembershipFactory(practice=world.practice, role=Membership.Role.THERAPIST).user
        therapist = TherapistFactory(practice=world.practice, user=colleague, display_name=f"T{n}")
        WorkingHours.objects.create(
            therapist=therapist, weekday=n, starts=dt.time(9), ends=dt.time(17)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Getting started" in page_text(browser.get("/staff/"))
