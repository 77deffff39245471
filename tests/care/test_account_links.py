"""Clients find their health questions and consents after booking and in their account."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from easeplan.care.models import Intake

from ..conftest import World, signed_in
from ..factories import AppointmentFactory


def test_the_account_links_the_intake_and_consents_with_the_intake_state(world: World) -> None:
    browser = signed_in(world.client_user, mfa=False)
    html = browser.get(reverse("account_home")).content.decode()
    assert reverse("intake:client_intake", args=[world.client.code]) in html
    assert reverse("consents:client_consents", args=[world.client.code]) in html
    assert "not completed yet" in html
    Intake.objects.create(
        practice=world.practice, client=world.client, answers={}, submitted_at=timezone.now()
    )
    html = browser.get(reverse("account_home")).content.decode()
    assert "not completed yet" not in html and "completed" in html


def test_the_booking_page_leads_on_to_the_health_questions(world: World) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client
    )
    browser = signed_in(world.client_user, mfa=False)
    html = browser.get(reverse("booking:done", args=[visit.code])).content.decode()
    assert "Fill in your health questions" in html
    Intake.objects.create(
        practice=world.practice, client=world.client, answers={}, submitted_at=timezone.now()
    )
    html = browser.get(reverse("booking:done", args=[visit.code])).content.decode()
    assert "Fill in your health questions" not in html
