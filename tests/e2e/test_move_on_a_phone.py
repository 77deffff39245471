"""On a phone, the move/cancel page is short: Cancel in sight, the booking page's day strip,
one day's times, never the visit's own time; the strip's "Later ›" sits clear of the days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from easeplan.booking import availability, links, services
from easeplan.booking.models import Appointment

from ..conftest import World
from ..factories import WorkingHoursFactory
from .conftest import fits_the_screen

pytestmark = pytest.mark.e2e


@pytest.fixture
def visit(world: World) -> Appointment:
    for weekday in range(1, 7):  # Monday comes with the world
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    now = timezone.now()
    first = availability.free_times(
        world.therapist, service, now, now + dt.timedelta(days=7), now=now
    )
    return services.book_appointment(world.client, world.therapist, service, first[-1], actor=None)


def chips_under(page, link: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The day chips whose box overlaps the box of the strip's `link` ("first" or "last"
    child of the strip), chips scrolled out of sight included."""
    return page.evaluate(
        """(link) => {
          const a = document.querySelector(`nav.days > a.day-nav:${link}-child`)
            .getBoundingClientRect();
          return [...document.querySelectorAll("nav.days .day")].filter(e => {
            const c = e.getBoundingClientRect();
            return a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom;
          }).map(e => e.textContent.trim());
        }""",
        link,
    )


def test_the_move_page_is_short_with_cancel_in_sight_and_without_the_visits_own_time(
    page, world: World, visit: Appointment
) -> None:
    page.goto(f"/book/visit/{links.manage_token(visit)}/")
    expect(page.get_by_role("heading", name="Move to another time")).to_be_visible()
    assert fits_the_screen(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1500, f"the page is {height} px tall on a phone"
    cancel = page.get_by_role("button", name="Cancel this visit")
    assert cancel.bounding_box()["y"] + cancel.bounding_box()["height"] <= 800  # no scrolling
    assert page.locator("nav.days a.day").count() >= 5  # the booking page's day strip
    assert not chips_under(page, "last")

    # The visit's own day shows other times of that day, never the visit's own.
    own = visit.starts_at.astimezone(world.practice.zone)
    page.locator("nav.days a.day", has_text=f"{own:%-d %b}").click()
    expect(page.locator("#move-times-heading")).to_have_text(f"{own:%A %-d %B}")
    offered = [t.split()[0] for t in page.locator(".time-button").all_inner_texts()]
    assert offered and f"{own:%H:%M}" not in offered

    # Another day, then a time: the visit moves there.
    page.locator("nav.days a.day").nth(3).click()
    chosen = page.locator(".time-button").first
    label = chosen.inner_text().split()[0]
    chosen.click()
    expect(page.get_by_text("Your visit has moved")).to_be_visible()
    visit.refresh_from_db()
    assert f"{visit.starts_at.astimezone(world.practice.zone):%H:%M}" == label
    assert visit.starts_at.astimezone(world.practice.zone).date() != own.date()


def test_the_booking_day_strip_keeps_later_clear_of_the_days(page, world: World) -> None:
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    page.goto(f"/book/?service={service.code}&therapist={world.therapist.code}")
    later = page.get_by_role("link", name="Later ›")
    expect(later).to_be_visible()
    assert not chips_under(page, "last")
    later.click()  # the next two weeks, with "‹ Earlier" before the days
    expect(page.get_by_role("link", name="‹ Earlier")).to_be_visible()
    assert not chips_under(page, "last")
    assert not chips_under(page, "first")
    assert fits_the_screen(page)
