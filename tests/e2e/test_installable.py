"""The installable app in Chromium: the service worker registers for the whole site and,
offline, a page shows the offline page; no staff or account page comes from a cache."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..conftest import World
from ..factories import PASSWORD
from .conftest import log_in

pytestmark = pytest.mark.e2e

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def wait_for_the_worker(page) -> str:  # type: ignore[no-untyped-def]
    """Waits until the service worker is active and controls the page; returns its scope."""
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return scope


def test_offline_a_staff_page_shows_the_offline_page_not_a_kept_copy(
    page, live_server, world: World
) -> None:
    log_in(page, world.therapist_user.email, PASSWORD)
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    assert wait_for_the_worker(page) == f"{live_server.url}/"

    # Online: the staff pages and the account page as usual.
    for path in ("/staff/", "/staff/calendar/", "/home/"):
        page.goto(path)
    kept = page.evaluate(CACHED_URLS)
    assert "/offline/" in kept
    assert all(url == "/offline/" or url.startswith("/static/") for url in kept), kept

    page.context.set_offline(True)
    for path in ("/staff/", "/staff/calendar/", "/account/", "/book/"):
        page.goto(path)
        expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
        expect(page.get_by_role("navigation", name="Staff")).to_have_count(0)
        assert world.therapist.display_name not in page.content()
    # The offline page is styled from the kept static files.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('a.btn')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )

    page.context.set_offline(False)
    page.goto("/staff/")
    expect(page.get_by_role("navigation", name="Staff")).to_be_visible()
    assert page.evaluate(CACHED_URLS) == kept  # visiting pages added nothing


def test_a_client_installs_from_their_home_after_booking(page, world: World) -> None:
    """Without the browser's offer the hint gives the steps by hand; "Not now" hides it."""
    import datetime as dt

    from django.utils import timezone

    from ..factories import AppointmentFactory

    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    log_in(page, world.client_user.email, PASSWORD)
    page.goto("/account/")
    hint = page.get_by_role("region", name="Keep us on your home screen")
    expect(hint).to_be_visible()
    expect(hint.get_by_text("Add to Home screen", exact=True)).to_be_visible()
    expect(hint.get_by_role("button", name="Add to home screen")).to_be_hidden()
    hint.get_by_role("button", name="Not now").click()
    expect(page.get_by_role("heading", name="Your next visit")).to_be_visible()
    expect(page.get_by_role("region", name="Keep us on your home screen")).to_have_count(0)
