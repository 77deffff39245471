"""A red flag in the intake stops online booking; updating the intake asks the red-flag
questions again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from easeplan.screening.holds import services as holds
from easeplan.screening.models import RedFlagHold

from ...conftest import World, give_totp, signed_in
from ...conftest import page_text as text
from .test_form import VALID

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("intake:client_intake", args=[world.client.code])


def submit(browser, world: World, **changes):  # type: ignore[no-untyped-def]
    return browser.post(url(world), {**VALID, **changes, "action": "submit"})


def ticked(page: str) -> set[str]:
    """The red-flag boxes the page shows ticked."""
    boxes = re.findall(r'<input type="checkbox" name="red_flags" value="(\w+)"[^>]*>', page)
    checked = re.findall(r'<input type="checkbox" name="red_flags" value="(\w+)"[^>]*checked', page)
    assert boxes, "the red-flag questions are on the page"
    return set(checked)


def test_a_red_flag_in_the_intake_holds_online_booking_and_says_the_practice_will_call(
    world: World,
) -> None:
    me = signed_in(world.client_user, mfa=False)
    response = submit(me, world, red_flags=["bladder_bowel_control"])
    done = text(me.get(response["Location"]))
    assert "Go to an emergency department today" in done
    assert "Riverside Massage will contact you" in done
    hold = RedFlagHold.objects.get(client=world.client)
    assert (hold.source, hold.flags, hold.cleared_at) == ("intake", ["bladder_bowel_control"], None)
    assert "Go to an emergency department today" in text(me.get(reverse("booking:book")))


def test_an_intake_without_a_flag_holds_nothing(world: World) -> None:
    submit(signed_in(world.client_user, mfa=False), world)
    assert not RedFlagHold.objects.exists()
    assert holds.stop_for(client=world.client) is None


def test_a_clinician_filling_in_the_intake_with_a_flag_holds_too(world: World) -> None:
    give_totp(world.therapist_user)
    browser = signed_in(world.therapist_user)
    browser.post(
        reverse("intake:staff_intake", args=[world.client.code]),
        {**VALID, "red_flags": ["weight_loss"], "action": "submit"},
    )
    assert RedFlagHold.objects.get(client=world.client).flags == ["weight_loss"]


def test_updating_the_intake_asks_the_red_flag_questions_again(world: World) -> None:
    me = signed_in(world.client_user, mfa=False)
    submit(me, world, red_flags=["weight_loss"])
    holds.clear_holds(world.client, "GP checked: stable weight.", actor=world.therapist_user)
    page = me.get(url(world)).content.decode()
    assert ticked(page) == set()  # asked afresh, not carried over
    assert "Asked again each time the answers are updated" in page
    # Answering yes again holds booking again.
    submit(me, world, red_flags=["weight_loss"])
    assert holds.stop_for(client=world.client) is not None
    assert RedFlagHold.objects.filter(client=world.client).count() == 2


def test_a_first_intake_still_shows_what_the_form_had(world: World) -> None:
    """Before the first submission the form starts from the draft: ticks typed stay."""
    me = signed_in(world.client_user, mfa=False)
    me.post(url(world), {"red_flags": ["weight_loss"], "action": "draft"})
    assert ticked(me.get(url(world)).content.decode()) == {"weight_loss"}
