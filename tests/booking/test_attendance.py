"""Staff mark a visit that has started as attended or "did not attend"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.booking.attendance import AttendanceRefused, mark_attendance
from easeplan.booking.models import Appointment

from ..conftest import World, signed_in
from ..factories import AppointmentFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 8, 12, tzinfo=dt.UTC)


def visit(world: World, starts: dt.datetime, **kwargs) -> Appointment:
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=starts,
        **kwargs,
    )


def test_a_started_visit_is_marked_did_not_attend_and_back(world: World) -> None:
    past = visit(world, NOW - dt.timedelta(hours=2))
    mark_attendance(past, False, actor=world.front_desk, now=NOW)
    past.refresh_from_db()
    assert past.status == Appointment.Status.NO_SHOW
    mark_attendance(past, True, actor=world.therapist_user, now=NOW)
    past.refresh_from_db()
    assert past.status == Appointment.Status.COMPLETED
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "data"))
    assert actions == [
        ("booking.visit.no_show", {"from": "booked"}),
        ("booking.visit.attended", {"from": "no_show"}),
    ]


def test_marking_the_same_way_twice_changes_nothing(world: World) -> None:
    past = visit(world, NOW - dt.timedelta(hours=2))
    mark_attendance(past, True, actor=world.owner, now=NOW)
    mark_attendance(past, True, actor=world.owner, now=NOW)
    assert AuditEvent.objects.filter(action="booking.visit.attended").count() == 1


def test_a_visit_that_has_not_started_or_was_cancelled_is_refused(world: World) -> None:
    later = visit(world, NOW + dt.timedelta(minutes=5))
    with pytest.raises(AttendanceRefused, match="hasn't started yet"):
        mark_attendance(later, False, actor=world.owner, now=NOW)
    cancelled = visit(world, NOW - dt.timedelta(hours=2), status=Appointment.Status.CANCELLED)
    with pytest.raises(AttendanceRefused, match="was cancelled"):
        mark_attendance(cancelled, True, actor=world.owner, now=NOW)
    assert set(Appointment.objects.values_list("status", flat=True)) == {"booked", "cancelled"}
    assert not AuditEvent.objects.exists()


def test_the_visit_page_offers_the_buttons_once_the_visit_has_started(world: World) -> None:
    later = visit(world, NOW + dt.timedelta(hours=1))
    earlier = visit(world, NOW - dt.timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        browser = signed_in(world.front_desk)
        assert (
            "Did not attend"
            not in browser.get(reverse("visits:detail", args=[later.code])).content.decode()
        )
        page = browser.get(reverse("visits:detail", args=[earlier.code])).content.decode()
    assert reverse("visits:attendance", args=[earlier.code]) in page
    assert 'value="no"' in page


def test_front_desk_marks_a_no_show_from_the_visit_page(world: World) -> None:
    past = visit(world, NOW - dt.timedelta(hours=1))
    url = reverse("visits:attendance", args=[past.code])
    with time_machine.travel(NOW, tick=False):
        browser = signed_in(world.front_desk)
        response = browser.post(url, {"attended": "no"}, follow=True)
    past.refresh_from_db()
    assert past.status == Appointment.Status.NO_SHOW
    page = response.content.decode()
    assert "Marked as “Did not attend”." in page
    assert "Status: <strong>Did not attend</strong>" in page


def test_a_refusal_or_an_empty_choice_comes_back_with_a_message(world: World) -> None:
    later = visit(world, NOW + dt.timedelta(days=1))
    url = reverse("visits:attendance", args=[later.code])
    with time_machine.travel(NOW, tick=False):
        browser = signed_in(world.owner)
        refused = browser.post(url, {"attended": "yes"}, follow=True)
        empty = browser.post(url, {}, follow=True)
    assert "hasn&#x27;t started yet" in refused.content.decode()
    assert "Please choose “Attended” or “Did not attend”." in empty.content.decode()
    later.refresh_from_db()
    assert later.status == Appointment.Status.BOOKED


def test_another_practices_visit_is_404(world: World) -> None:
    theirs = AppointmentFactory(practice=world.other_practice, starts_at=NOW - dt.timedelta(days=1))
    response = signed_in(world.owner).post(
        reverse("visits:attendance", args=[theirs.code]), {"attended": "no"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Appointment.Status.BOOKED
