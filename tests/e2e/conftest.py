"""Browser journeys: Playwright driving Debian's Chromium against a live server.

Outside CI they skip when /usr/bin/chromium is missing; in CI that is an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs Chromium at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make around it are still plain synchronous code. Allowed only while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _real_transactions(transactional_db) -> None:
    """The live server runs in another thread: data must really be committed."""


def policy_violations(context) -> list[str]:  # type: ignore[no-untyped-def]
    """What the browser refused under the Content-Security-Policy, gathered as pages run."""
    refused: list[str] = []

    def watch(message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text:
            refused.append(f"{message.page.url if message.page else ''}: {message.text}")

    context.on("console", watch)
    return refused


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A phone-sized page (375 px wide) pointed at the live server; the journey fails if
    the browser refuses anything under the page's Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    refused = policy_violations(context)
    page = context.new_page()
    yield page
    context.close()
    assert refused == [], refused


def too_wide(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The elements that stick out past the right edge of the screen (to say which)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter(e => !e.parentElement.closest('.table-wrap, .staff-nav'))
        .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))
        .slice(0, 8)"""
    )


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def log_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_load_state()


def offers_no_booking(page) -> bool:  # type: ignore[no-untyped-def]
    """No link to the booking pages, and no link or button that mentions booking."""
    import re

    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    booking = re.compile("book", re.IGNORECASE)
    return (
        not [h for h in hrefs if "/book" in h]
        and page.get_by_role("link", name=booking).count() == 0
        and page.get_by_role("button", name=booking).count() == 0
    )


def give_details_and_book(page) -> None:  # type: ignore[no-untyped-def]
    """On the confirm page: a newcomer's name, email and phone, then book."""
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Fairweather")
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label("Phone").fill("0117 496 0123")
    page.get_by_role("button", name="Book this visit").click()
