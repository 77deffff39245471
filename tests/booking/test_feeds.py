"""A therapist's private calendar feed: their visits, initials only, revocable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ..conftest import World
from ..factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_the_feed_lists_visits_with_initials_and_service_only(client, world: World) -> None:
    token = world.therapist.new_feed_token()
    soon = timezone.now() + dt.timedelta(days=2)
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, starts_at=soon
    )
    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        starts_at=soon + dt.timedelta(days=1),
        status="cancelled",
    )
    AppointmentFactory(practice=world.practice, starts_at=soon)  # another therapist
    response = client.get(reverse("therapist_feed", args=[token]))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == f"AQ — {visit.service.name}"
    assert event.decoded("dtstart") == visit.starts_at.replace(microsecond=0)
    body = response.content.decode()
    assert "Quillfeather" not in body and world.client.email not in body


def test_resetting_the_link_revokes_the_old_one(client, world: World) -> None:
    old = world.therapist.new_feed_token()
    new = world.therapist.new_feed_token()
    assert client.get(reverse("therapist_feed", args=[old])).status_code == 404
    assert client.get(reverse("therapist_feed", args=[new])).status_code == 200


@pytest.mark.parametrize("token", ["", "x", "guess-a-token-of-some-length"])
def test_unknown_or_empty_tokens_are_404(client, world: World, token) -> None:
    world.therapist.feed_token = ""
    world.therapist.save()
    url = f"/feeds/{token}.ics"
    assert client.get(url).status_code == 404
