"""Staff booking a held client's series see the red flag and tick that they saw it."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.series import services as series
from easeplan.screening.holds import services as holds

from ...conftest import World, give_totp, signed_in
from .conftest import MONDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def text(response) -> str:  # type: ignore[no-untyped-def]
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def chosen(world: World, plan) -> dict[str, str]:  # type: ignore[no-untyped-def]
    offer = series.proposal_for(
        plan, first_start=at(MONDAY, 9), therapist=world.therapist, service=plan.service,
        staff=True,
    )  # fmt: skip
    return {f"visit-{v.number}": v.starts.isoformat() for v in offer.visits if v.starts}


def test_a_held_clients_series_is_booked_only_after_ticking_the_flag_was_seen(
    world: World, plan
) -> None:
    holds.raise_hold(world.client, holds.Source.INTAKE, ["cancer_history"], actor=None)
    give_totp(world.therapist_user)
    browser = signed_in(world.therapist_user)
    url = reverse("series:propose", args=[plan.code])
    page = text(browser.get(url))
    assert "Red flag: online booking is paused for Ada Quillfeather" in page
    assert "I have seen Ada Quillfeather's red flag" in page
    box = (
        '<input type="checkbox" name="acknowledge_red_flag" required id="id_acknowledge_red_flag">'
    )
    assert (
        f'<label for="id_acknowledge_red_flag">{box} I have seen'
        in browser.get(url).content.decode()
    )
    refused = browser.post(url, chosen(world, plan))
    assert refused.status_code == 400
    assert "tick to confirm you have seen it" in text(refused)
    assert not Appointment.objects.exists()
    response = browser.post(url, chosen(world, plan) | {"acknowledge_red_flag": "on"})
    assert response.status_code == 302
    assert plan.visits.count() == 4
    assert AuditEvent.objects.filter(action="screening.red_flag_hold.acknowledged").exists()


def test_without_a_hold_nothing_more_is_asked(world: World, plan) -> None:
    give_totp(world.therapist_user)
    page = text(signed_in(world.therapist_user).get(reverse("series:propose", args=[plan.code])))
    assert "I have seen" not in page
