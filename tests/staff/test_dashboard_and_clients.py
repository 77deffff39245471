"""Staff see today's visits on the dashboard and open client records from the client list."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from easeplan.accounts.models import AuditEvent

from ..conftest import World
from ..factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_viewing_a_client_record_writes_an_audit_event(world: World, as_owner) -> None:
    response = as_owner.get(reverse("practice:client", args=[world.client.code]))
    assert world.client.full_name in response.content.decode()
    event = AuditEvent.objects.get(action="practice.client.viewed")
    assert (event.actor, event.practice, event.object_id) == (
        world.owner,
        world.practice,
        world.client.code,
    )


def test_the_client_list_shows_only_this_practice(world: World, as_owner) -> None:
    page = as_owner.get(reverse("practice:clients")).content.decode()
    assert world.client.last_name in page
    assert world.other_client.last_name not in page


@pytest.mark.parametrize(
    ("now", "visit", "shown"),
    [
        # Summer: 13:00 UTC is 14:00 in London.
        ("2026-07-01T08:00Z", "2026-07-01T13:00Z", "14:00"),
        # The day the clocks go back: 14:00 UTC is 14:00 GMT.
        ("2026-10-25T08:00Z", "2026-10-25T14:00Z", "14:00"),
        # 23:30 UTC on 30 June is already 1 July in London (00:30 BST).
        ("2026-07-01T08:00Z", "2026-06-30T23:30Z", "00:30"),
    ],
)
def test_the_dashboard_shows_todays_visits_in_the_practice_zone(
    world: World, as_owner, now, visit, shown
) -> None:
    starts = dt.datetime.fromisoformat(visit)
    AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, starts_at=starts
    )
    AppointmentFactory(
        practice=world.practice, therapist=world.therapist, starts_at=starts + dt.timedelta(days=1)
    )  # tomorrow: not shown
    with time_machine.travel(dt.datetime.fromisoformat(now), tick=False):
        page = as_owner.get(reverse("practice:dashboard")).content.decode()
    assert f"{shown}\u2013" in page
    assert world.client.full_name in page
    assert re.search(r'class="stat">1</span>\s*visit today', page)
