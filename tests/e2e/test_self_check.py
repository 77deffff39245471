"""A visitor takes the self-check on their phone: a red flag sends them to a doctor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..conftest import World
from .conftest import fits_the_screen, offers_no_booking

pytestmark = pytest.mark.e2e


def answer_first_steps(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_role("link", name="Take the quick self-check").first.click()
    page.get_by_label("Deep in the buttock").check()
    page.get_by_label("One side").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Sitting").check()
    page.get_by_label("There is a tender spot deep in the buttock").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("After more running, cycling or training").check()
    page.get_by_label("Less than 6 weeks").check()
    page.get_by_role("button", name="Next").click()


def test_a_red_flag_sends_the_visitor_to_a_doctor_with_no_way_to_book(page, world: World) -> None:
    from .test_accessibility import serious

    answer_first_steps(page)
    assert serious(page) == []
    page.get_by_label("Have you lost control of your bladder or bowels?").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Go to an emergency department today")
    expect(page.get_by_text("Loss of bladder or bowel control")).to_be_visible()
    assert offers_no_booking(page)
    assert serious(page) == []
    assert fits_the_screen(page)


def test_without_red_flags_the_visitor_can_go_on_to_book(page, world: World) -> None:
    answer_first_steps(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your answers fit the pattern of piriformis pain"
    )
    # The back button returns to the last step with nothing lost.
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety questions (2 of 2)")
    page.go_forward()
    page.get_by_role("link", name="Book a first assessment").click()
    expect(page.get_by_role("heading", name="Book a visit")).to_be_visible()
