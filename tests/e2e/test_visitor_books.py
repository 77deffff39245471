"""A new visitor books a treatment on their phone in a few taps and gets an .ics."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from easeplan.booking.models import Appointment

from ..conftest import World
from ..factories import WorkingHoursFactory
from .conftest import fits_the_screen, give_details_and_book

pytestmark = pytest.mark.e2e


@pytest.fixture
def open_every_day(world: World) -> None:
    for weekday in range(1, 7):  # Monday comes with the world
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)


def test_a_new_visitor_books_a_treatment_and_gets_a_calendar_invite(
    page, world: World, open_every_day
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Book a first assessment").first.click()
    page.get_by_role("link", name=re.compile("Treatment, 60 minutes")).click()
    page.get_by_role("link", name="First available").click()
    assert fits_the_screen(page)

    # Another day through htmx (the page doesn't reload), then the first time that day.
    days = page.locator("a.day")
    days.nth(1).click()
    expect(page.locator("a.day.chosen")).to_have_text(days.nth(1).inner_text())
    first_time = page.locator("a.time").first
    chosen_time = first_time.inner_text().split()[0]
    first_time.click()

    expect(page.get_by_role("heading", name="Confirm your visit")).to_be_visible()
    page.get_by_role("button", name="Book this visit").click()  # empty: clear messages
    expect(page.get_by_text("Please give your email: the confirmation goes there.")).to_be_visible()
    give_details_and_book(page)

    expect(page.get_by_role("heading", name="You're booked")).to_be_visible()
    expect(page.get_by_text(chosen_time)).to_be_visible()
    appointment = Appointment.objects.get(client__email="robin@example.org")
    assert appointment.therapist == world.therapist
    (email,) = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    name, content, mimetype = email.attachments[0]
    assert name == "invite.ics"
    assert mimetype.startswith("text/calendar; method=REQUEST")
    ics = content if isinstance(content, str) else content.decode()
    assert f"UID:{appointment.code}@easeplan" in ics
    assert "METHOD:REQUEST" in ics

    # The time is gone for the next person.
    page.goto(
        page.url.split("/book/")[0] + "/book/?service="
        f"{appointment.service.code}&therapist={world.therapist.code}"
        f"&day={appointment.starts_at.astimezone(world.practice.zone).date():%Y-%m-%d}"
    )
    assert chosen_time not in [t.split()[0] for t in page.locator("a.time").all_inner_texts()]


def test_a_client_moves_their_visit_from_the_email_link_and_the_old_time_frees_up(
    page, world: World, open_every_day, live_server
) -> None:
    import datetime as dt

    from django.utils import timezone

    from easeplan.booking import availability, links, services

    service = world.practice.services.get()
    now = timezone.now()
    first = availability.free_times(
        world.therapist, service, now, now + dt.timedelta(days=7), now=now
    )[0]
    visit = services.book_appointment(world.client, world.therapist, service, first, actor=None)
    page.goto(f"/book/visit/{links.manage_token(visit)}/")
    expect(page.get_by_role("heading", name="Move to another time")).to_be_visible()
    assert fits_the_screen(page)
    page.locator("nav.days a.day").nth(1).click()  # another day
    page.locator(".time-button").first.click()
    expect(page.get_by_text("Your visit has moved")).to_be_visible()
    visit.refresh_from_db()
    assert visit.starts_at != first
    assert first in availability.free_times(
        world.therapist, service, first, first + dt.timedelta(minutes=1), now=now
    )
    moved = [m for m in mail.outbox if m.subject.startswith("Moved:")]
    assert moved and moved[-1].to == [world.client.email]
