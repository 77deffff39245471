"""The self-check pages: one group per screen, back-button safe, red flags never book."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from easeplan.screening.rules.self_check import BY_CODE, EMERGENCY_FLAGS, URGENT_FLAGS

from ...conftest import World

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


def capfirst(text: str) -> str:
    return escape(text[0].upper() + text[1:])


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
    assert capfirst(flag.reason) in page
    assert "/book/" not in page


@pytest.mark.parametrize("flag", URGENT_FLAGS, ids=lambda f: f.code)
def test_each_urgent_answer_sends_to_a_doctor_without_booking(client, world: World, flag) -> None:
    page = walk(client, {**TYPICAL, "health": {"red_flags": [flag.code]}}).content.decode()
    same_day = "Get a medical assessment today, before any massage"
    assert (same_day if flag.code == "hot_calf" else "See a doctor before booking massage") in page
    assert capfirst(flag.reason) in page
    assert escape(flag.action) in page  # what to do now, next to the answer that caused it
    assert "/book/" not in page


def test_taking_a_red_flag_back_leaves_booking_paused_in_that_browser(client, world: World) -> None:
    walk(client, {**TYPICAL, "safety": {"red_flags": ["saddle_numbness"]}})
    page = walk(client, TYPICAL).content.decode()  # the same answers without the flag
    assert "Go to an emergency department today" in page
    assert capfirst(BY_CODE["saddle_numbness"].reason) in page
    assert "Online booking is paused in this browser" in page
    assert "/book/" not in page


def test_any_calf_sign_asks_for_a_same_day_assessment(client, world: World) -> None:
    page = walk(client, {**TYPICAL, "health": {"red_flags": ["hot_calf"]}}).content.decode()
    assert "swollen, tender, warm or red" in page
    assert escape("Get a medical assessment today") in page
    assert escape("Don't wait for a routine appointment") in page
    assert "/book/" not in page


def test_walking_pain_with_a_pulsing_belly_is_an_emergency(client, world: World) -> None:
    answers = {
        **TYPICAL,
        "safety": {"red_flags": ["belly_pulsing"]},
        "health": {"red_flags": ["walking_pain"]},
    }
    page = walk(client, answers).content.decode()
    assert "Go to an emergency department today" in page
    assert capfirst(BY_CODE["belly_pulsing"].reason) in page
    assert "/book/" not in page


INFLAMMATORY_STORY = {
    "onset": "gradual",
    "duration": "longer",
    "started_before_45": "on",
    "inflammatory_signs": ["morning_stiffness", "better_with_exercise"],
}


def test_inflammatory_back_pain_offers_booking_with_advice_to_see_the_gp(
    client, world: World
) -> None:
    page = walk(client, {**TYPICAL, "story": INFLAMMATORY_STORY}).content.decode()
    assert "Massage can go ahead — please see your GP as well" in page
    assert "axial spondyloarthritis" in page
    assert reverse("booking:book") in page
    assert "emergency department today" not in page


def test_inflammatory_advice_rides_along_with_a_red_flag(client, world: World) -> None:
    answers = {**TYPICAL, "story": INFLAMMATORY_STORY, "health": {"red_flags": ["night_pain"]}}
    page = walk(client, answers).content.decode()
    assert "See a doctor before booking massage" in page
    assert "Please also tell your doctor about back or buttock pain" in page
    assert "/book/" not in page


def test_a_session_from_before_the_new_questions_still_gives_a_result(client, world: World) -> None:
    session = client.session
    session["self_check"] = {  # saved by the previous version: no inflammatory answers
        "where": {"areas": ["buttock"], "both_sides": False},
        "worse": {"aggravators": ["sitting"], "tender_deep_in_buttock": True},
        "story": {"onset": "gradual", "duration": "weeks", "activities": []},
        "safety": {"red_flags": []},
        "health": {"red_flags": []},
    }
    session.save()
    response = client.get(reverse("screening:result"))
    assert response.status_code == 200
    assert reverse("booking:book") in response.content.decode()


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
