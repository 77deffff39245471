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


def test_an_owner_creates_and_resets_a_therapists_link(client, world: World) -> None:
    from ..conftest import signed_in

    owner = signed_in(world.owner)
    url = reverse("practice:therapist_feed", args=[world.therapist.code])
    owner.post(url)
    world.therapist.refresh_from_db()
    first = world.therapist.feed_token
    page = owner.get(reverse("practice:therapist", args=[world.therapist.code])).content.decode()
    assert reverse("therapist_feed", args=[first]) in page
    owner.post(url)
    world.therapist.refresh_from_db()
    assert world.therapist.feed_token != first
    assert client.get(reverse("therapist_feed", args=[first])).status_code == 404


def test_a_therapist_may_reset_their_own_link_but_not_a_colleagues(world: World) -> None:
    from ..conftest import signed_in
    from ..factories import TherapistFactory

    me = signed_in(world.therapist_user)
    assert (
        me.post(reverse("practice:therapist_feed", args=[world.therapist.code])).status_code == 302
    )
    world.therapist.refresh_from_db()
    assert world.therapist.feed_token
    colleague = TherapistFactory(practice=world.practice)
    assert me.post(reverse("practice:therapist_feed", args=[colleague.code])).status_code == 404
