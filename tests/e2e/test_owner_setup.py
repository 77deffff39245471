"""An owner signs in, adds a service and sets a therapist's working hours."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from ..conftest import World
from ..factories import PASSWORD
from .conftest import fits_the_screen, log_in

pytestmark = pytest.mark.e2e


def test_an_owner_adds_a_service_and_working_hours(page, world: World) -> None:
    log_in(page, world.owner.email, PASSWORD)
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Services", exact=True).click()
    page.get_by_role("link", name="Add a service").click()
    page.get_by_label("Name").fill("Sports massage")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Buffer after (minutes)").fill("15")
    page.get_by_label("Price").fill("55")
    page.get_by_role("button", name="Save service").click()
    expect(page.get_by_role("cell", name="Sports massage")).to_be_visible()
    service = world.practice.services.get(name="Sports massage")
    assert (service.duration_minutes, service.buffer_after_minutes) == (45, 15)

    page.get_by_role("link", name="Team & hours").click()
    page.get_by_role("link", name=world.therapist.display_name).click()
    # The therapist already works Mondays; add Thursday with a lunch break.
    new_rows = page.locator(".formset-row").filter(has_not=page.get_by_text("Remove"))
    first, second = new_rows.nth(0), new_rows.nth(1)
    first.get_by_label("Day").select_option(label="Thursday")
    first.get_by_label("From").fill("09:00")
    first.get_by_label("Until").fill("13:00")
    second.get_by_label("Day").select_option(label="Thursday")
    second.get_by_label("From").fill("14:00")
    second.get_by_label("Until").fill("18:30")
    page.get_by_role("button", name="Save profile and hours").click()
    expect(page.get_by_text("Saved")).to_be_visible()

    thursday = world.therapist.working_hours.filter(weekday=3).order_by("starts")
    assert [(h.starts, h.ends) for h in thursday] == [
        (dt.time(9), dt.time(13)),
        (dt.time(14), dt.time(18, 30)),
    ]
