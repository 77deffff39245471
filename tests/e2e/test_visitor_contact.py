"""A visitor in pain reads about piriformis syndrome on their phone and asks for help."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from easeplan.site.models import ContactMessage

from ..conftest import World
from .conftest import fits_the_screen

pytestmark = pytest.mark.e2e


def test_a_visitor_reads_the_piriformis_page_and_sends_a_message(page, world: World) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.practice.name)
    page.get_by_role("link", name="Piriformis pain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Piriformis syndrome")
    expect(page.get_by_role("heading", name="When to see a doctor instead")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Ask a question").first.click()
    expect(page).to_have_url(re.compile(r"/contact/$"))
    page.get_by_label("What is it about?").select_option("booking")

    # A mistake first: the message says what is wrong and keeps what was typed.
    page.get_by_label("Your name").fill("Jo Runner")
    page.get_by_label("Your email").fill("jo@")
    page.get_by_label("Your message").fill("Deep buttock pain after long runs and at my desk.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("That email address doesn't look right")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Jo Runner")
    assert not ContactMessage.objects.exists()

    page.get_by_label("Your email").fill("jo@example.org")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your message is on its way")

    stored = ContactMessage.objects.get()
    assert (stored.name, stored.topic, stored.practice) == ("Jo Runner", "booking", world.practice)
    assert mail.outbox[-1].to == [world.practice.email]
    assert f"/staff/inbox/{stored.code}/" in mail.outbox[-1].body
