"""The check-in before every visit asks the red flags again ("since your last visit");
any yes stops online booking and marks the visit for the therapist."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking.models import Appointment
from easeplan.outcomes.models import CheckIn, Response
from easeplan.screening.models import RedFlagHold
from easeplan.screening.rules import self_check as rules

from ...conftest import World, give_totp, signed_in
from ...conftest import page_text as text
from ...factories import AppointmentFactory, PlanOfCareFactory
from .answers import FORM, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit(world: World) -> Appointment:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    return AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        plan=plan,
        starts_at=NOW + dt.timedelta(hours=2),
    )


def url(visit: Appointment) -> str:
    return reverse("outcomes:visit", args=[visit.code])


def test_the_checkin_asks_every_red_flag_since_the_last_visit(world: World, visit) -> None:
    page = text(signed_in(world.client_user, mfa=False).get(url(visit)))
    assert "Since your last visit, have you had any of these?" in page
    for flag in rules.RED_FLAGS:
        assert html.unescape(flag.question) in page, flag.code


def test_no_tick_holds_nothing(world: World, visit) -> None:
    me = signed_in(world.client_user, mfa=False)
    assert me.post(url(visit), FORM).status_code == 302
    assert CheckIn.objects.get().completed
    assert not RedFlagHold.objects.exists()
    assert "Thank you — your check-in is in" in text(me.get(url(visit)))


@pytest.mark.parametrize("flag", rules.RED_FLAGS, ids=lambda f: f.code)
def test_any_tick_holds_online_booking_and_tells_the_client(
    world: World, visit, flag: rules.RedFlag
) -> None:
    me = signed_in(world.client_user, mfa=False)
    assert me.post(url(visit), FORM | {"safety-red_flags": [flag.code]}).status_code == 302
    hold = RedFlagHold.objects.get()
    assert (hold.source, hold.flags, hold.appointment) == ("checkin", [flag.code], visit)
    thanks = text(me.get(url(visit)))
    assert (flag.reason[:1].upper() + flag.reason[1:]) in thanks
    assert "online booking is paused" in thanks
    assert "will contact you about this visit" in thanks
    book = text(me.get(reverse("booking:book")))
    heading = (
        "Go to an emergency department today"
        if flag.level is rules.Level.EMERGENCY
        else "See a doctor before booking massage"
    )
    assert heading in book


def test_an_unknown_flag_saves_nothing(world: World, visit) -> None:
    me = signed_in(world.client_user, mfa=False)
    response = me.post(url(visit), FORM | {"safety-red_flags": ["made_up"]})
    assert response.status_code == 400
    assert "tick the warning signs again" in text(response)
    assert not Response.objects.exists() and not RedFlagHold.objects.exists()


def test_on_the_tablet_a_tick_marks_the_visit_for_the_therapist(world: World, visit) -> None:
    give_totp(world.therapist_user)
    browser = signed_in(world.therapist_user)
    staff_url = reverse("outcomes:staff_visit", args=[visit.code])
    response = browser.post(staff_url, FORM | {"safety-red_flags": ["cancer_history"]})
    detail = text(browser.get(response["Location"]))
    assert "Red flags since the last visit" in detail  # the message
    assert "Postpone treatment for Ada Quillfeather" in detail
    assert rules.BY_CODE["cancer_history"].reason in detail
    page = text(browser.get(staff_url))
    assert "Red flags since the last visit" in page
    assert rules.BY_CODE["cancer_history"].reason.capitalize() in page
    day = visit.starts_at.date().isoformat()
    calendar = text(
        browser.get(reverse("practice:calendar"), {"day": day, "therapist": world.therapist.code})
    )
    assert "badge-postpone" in calendar


def test_the_weekly_checkin_does_not_ask_them(world: World) -> None:
    from easeplan.outcomes.checkins import links, weekly

    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    checkin = weekly.invite(plan, now=NOW)
    assert checkin is not None
    page = text(signed_in(world.client_user, mfa=False).get(
        reverse("outcomes:weekly", args=[links.checkin_token(checkin)])
    ))  # fmt: skip
    assert "Since your last visit" not in page
