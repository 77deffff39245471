"""The self-check pages: one group per screen, back-button safe, red flags never book."""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.screening.rules import EMERGENCY_FLAGS, URGENT_FLAGS

from ..conftest import World

pytestmark = pytest.mark.django_db

TYPICAL = {
    "where": {"areas": ["buttock", "down_the_leg"], "both_sides": "one"},
    "worse": {"aggravators": ["sitting", "stairs"], "tender_deep_in_buttock": "on"},
    "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
    "safety": {},
    "health": {},
}


def walk(client, answers: dict[str, dict]):  # type: ignore[no-untyped-def]
    response = None
    for name, data in answers.items():
        response = client.post(reverse("screening:step", args=[name]), data)
        assert response.status_code == 302, (name, response.content.decode()[:500])
    return client.get(response["Location"])


def test_a_typical_story_fits_the_pattern_and_offers_booking(client, world: World) -> None:
    page = walk(client, TYPICAL).content.decode()
    assert "fit the pattern of piriformis pain" in page
    assert reverse("booking:book") in page
    assert "you have piriformis" not in page.lower()


def test_few_features_suggest_an_assessment(client, world: World) -> None:
    answers = {
        **TYPICAL,
        "where": {"areas": ["back"], "both_sides": "one"},
        "worse": {"aggravators": ["bending"]},
    }
    page = walk(client, answers).content.decode()
    assert "an assessment will tell" in page
    assert reverse("booking:book") in page


@pytest.mark.parametrize("flag", EMERGENCY_FLAGS, ids=lambda f: f.code)
def test_each_emergency_answer_sends_to_the_emergency_department_without_booking(
    client, world: World, flag
) -> None:
    page = walk(client, {**TYPICAL, "safety": {"red_flags": [flag.code]}}).content.decode()
    assert "Go to an emergency department today" in page
    assert flag.reason.capitalize() in page
    assert "/book/" not in page


@pytest.mark.parametrize("flag", URGENT_FLAGS, ids=lambda f: f.code)
def test_each_urgent_answer_sends_to_a_doctor_without_booking(client, world: World, flag) -> None:
    page = walk(client, {**TYPICAL, "health": {"red_flags": [flag.code]}}).content.decode()
    assert "See a doctor before booking massage" in page
    assert flag.reason.capitalize() in page
    assert "/book/" not in page


def test_leg_pain_on_both_sides_is_an_emergency(client, world: World) -> None:
    answers = {**TYPICAL, "where": {"areas": ["down_the_leg"], "both_sides": "both"}}
    page = walk(client, answers).content.decode()
    assert "Go to an emergency department today" in page
    assert "/book/" not in page


def test_the_back_button_shows_the_previous_answers(client, world: World) -> None:
    client.post(reverse("screening:step", args=["where"]), TYPICAL["where"])
    page = client.get(reverse("screening:step", args=["where"])).content.decode()
    assert 'value="buttock" id="id_areas_0" checked' in page


def test_missing_answers_get_a_message_and_the_result_waits(client, world: World) -> None:
    response = client.post(reverse("screening:step", args=["where"]), {})
    assert "Please choose at least one place." in response.content.decode()
    assert client.get(reverse("screening:result"))["Location"] == reverse(
        "screening:step", args=["where"]
    )


def test_unknown_steps_and_tampered_answers_are_refused(client, world: World) -> None:
    assert client.get(reverse("screening:step", args=["nope"])).status_code == 404
    response = client.post(
        reverse("screening:step", args=["safety"]), {"red_flags": ["not_a_flag"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_answers_stay_in_the_visitors_session_only(client, world: World) -> None:
    from easeplan.booking.models import Appointment
    from easeplan.practice.models import Client
    from easeplan.site.models import ContactMessage

    before = (Client.objects.count(), Appointment.objects.count(), ContactMessage.objects.count())
    walk(client, TYPICAL)
    assert client.session["self_check"]["where"]["areas"] == ["buttock", "down_the_leg"]
    assert (
        Client.objects.count(),
        Appointment.objects.count(),
        ContactMessage.objects.count(),
    ) == before
