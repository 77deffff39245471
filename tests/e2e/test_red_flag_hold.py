"""A red flag stops online booking until a clinician clears it, in the browser.

A signed-in client answers a safety question of the self-check with yes: the booking page
shows the emergency advice instead of times, in every step of booking. A therapist sees
the client on the dashboard, clears the flag with a note on the client's page, and the
client books online again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from easeplan.booking.models import Appointment
from easeplan.screening.models import RedFlagHold

from ..conftest import World, give_totp, totp_code
from ..factories import PASSWORD, WorkingHoursFactory, a_free_time, confirm_url
from .conftest import fits_the_screen, log_in
from .test_accessibility import serious

pytestmark = pytest.mark.e2e

ADVICE = "Go to an emergency department today"


def test_a_red_flag_stops_online_booking_until_a_clinician_clears_it(
    page, browser, live_server, world: World
) -> None:
    for weekday in range(1, 7):  # Monday comes with the world
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    times = f"/book/?service={service.code}&therapist=any"

    # The client answers a safety question of the self-check with yes.
    log_in(page, world.client_user.email, PASSWORD)
    page.goto("/self-check/safety/")
    page.get_by_label("Have you lost control of your bladder or bowels?").check()
    page.get_by_role("button", name="Next").click()

    # Every booking step shows the advice, and no time to book.
    for url in (
        "/book/",
        times,
        confirm_url(service, world.therapist, a_free_time(world, service)),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(ADVICE)
        expect(page.get_by_text("Loss of bladder or bowel control")).to_be_visible()
        expect(page.get_by_text("Riverside Massage will contact you")).to_be_visible()
        expect(page.locator("a.time")).to_have_count(0)
        expect(page.get_by_role("button", name="Book this visit")).to_have_count(0)
    assert serious(page) == []
    assert fits_the_screen(page)
    assert RedFlagHold.objects.filter(client=world.client, cleared_at=None).exists()

    # A therapist, on another phone, finds the client on the dashboard and clears the flag.
    secret = give_totp(world.therapist_user)
    staff = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    staff.set_default_timeout(10_000)
    therapist = staff.new_page()
    log_in(therapist, world.therapist_user.email, PASSWORD)
    therapist.get_by_label("Code").fill(totp_code(secret))
    therapist.get_by_role("button", name="Sign In", exact=True).click()
    therapist.wait_for_url("**/staff/")
    held = therapist.get_by_role("region", name="Held by a red flag")
    held.get_by_role("link", name=world.client.full_name).click()
    expect(therapist.get_by_text("Online booking is paused for Ada Quillfeather")).to_be_visible()
    assert serious(therapist) == []
    assert fits_the_screen(therapist)
    therapist.get_by_role("button", name="Clear the red flag and allow online booking").click()
    expect(therapist.get_by_text("Please write a note")).to_be_visible()
    therapist.get_by_label("Note: who checked the red flag").fill(
        "Seen in A&E on Monday: no cauda equina. Massage may go ahead."
    )
    therapist.get_by_role("button", name="Clear the red flag and allow online booking").click()
    expect(therapist.get_by_text("Ada Quillfeather can book online again.")).to_be_visible()
    expect(therapist.get_by_text("Seen in A&E on Monday")).to_be_visible()
    therapist.goto("/staff/")
    expect(therapist.get_by_text("No client is held")).to_be_visible()
    staff.close()

    # The client books online again.
    page.goto(times)
    page.locator("a.time").first.click()
    page.get_by_role("button", name="Book this visit").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(ADVICE)
    assert Appointment.objects.filter(client=world.client, status="booked").count() == 1
