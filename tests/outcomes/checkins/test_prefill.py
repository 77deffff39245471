"""A new SOAP note starts from the check-in before the visit: pain today and Subjective."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking.models import Appointment
from easeplan.care.notes import services as note_services
from easeplan.care.notes.services import NoteDraft
from easeplan.outcomes.checkins import services

from ...conftest import World, signed_in
from ...factories import AppointmentFactory, PlanOfCareFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)
ANSWERS = {
    "nprs-now": {"nprs-now": 5},
    "nprs-worst-24h": {"nprs-worst-24h": 7},
    "nprs-sitting": {"nprs-sitting": 6},
    "psfs": {"sit-through-a-film": 4},
    "sleep": {"sleep": 4},
}


@pytest.fixture
def visit(world: World) -> Appointment:
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        plan=plan,
        starts_at=NOW + dt.timedelta(minutes=30),
    )


def note_page(world: World, visit: Appointment) -> str:
    browser = signed_in(world.therapist_user)
    return html.unescape(browser.get(reverse("notes:visit", args=[visit.code])).content.decode())


def pain_today(page: str) -> str | None:
    found = re.search(r'<input type="number" name="pain_today"[^>]*>', page)
    assert found is not None
    value = re.search(r'value="(\d+)"', found.group(0))
    return value.group(1) if value else None


def subjective(page: str) -> str:
    found = re.search(r'<textarea name="subjective"[^>]*>(.*?)</textarea>', page, re.S)
    assert found is not None
    return found.group(1)


def test_a_new_note_after_a_check_in_has_its_pain_and_answers(world: World, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        checkin = services.visit_checkin(visit)
        services.record(checkin, ANSWERS, actor=world.client_user, now=NOW)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        page = note_page(world, visit)
    assert pain_today(page) == "5"
    text = subjective(page)
    assert text.lstrip().startswith(
        "Check-in before the visit: pain now 5/10, worst in 24 h 7/10; pain when sitting 6/10; "
        "sleep disturbed 4/10; activities (PSFS) 4.0/10.\n"
    )
    assert "Since the last visit:" in text  # the template's prompts follow


def test_a_new_note_without_a_check_in_starts_empty(world: World, visit) -> None:
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        page = note_page(world, visit)
    assert pain_today(page) is None
    assert "Check-in before the visit" not in subjective(page)


def test_a_check_in_never_changes_a_draft_already_written(world: World, visit) -> None:
    with time_machine.travel(NOW, tick=False):
        note_services.save_draft(
            visit,
            NoteDraft(subjective="Sat at work all day.", pain_today=3),
            actor=world.therapist_user,
        )
        services.record(services.visit_checkin(visit), ANSWERS, actor=None, now=NOW)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        page = note_page(world, visit)
    assert pain_today(page) == "3"
    assert "Check-in before the visit" not in subjective(page)
