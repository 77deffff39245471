"""The setup's rules: a week's hours, service limits, the notice, a written week."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.onboarding import rules
from easeplan.onboarding.rules import Span

times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
spans = st.builds(Span, day=st.integers(0, 6), slot=st.integers(0, 1), starts=times, ends=times)
weeks = st.lists(spans, max_size=14, unique_by=lambda s: (s.day, s.slot))


@given(weeks)
def test_a_week_is_accepted_exactly_when_no_interval_is_backwards_or_overlaps(week) -> None:
    problems = rules.week_problems(week)
    backwards = [s for s in week if s.ends <= s.starts]
    forwards = [s for s in week if s.ends > s.starts]
    overlapping = [
        (a, b)
        for a, b in itertools.combinations(forwards, 2)
        if a.day == b.day and a.starts < b.ends and b.starts < a.ends
    ]
    assert (problems == {}) == (not backwards and not overlapping)
    for span in backwards:  # each backwards interval is named at its end field
        assert rules.field_name(span.day, span.slot, "ends") in problems


@given(weeks)
def test_every_problem_is_on_a_field_of_the_grid_and_says_what_to_do(week) -> None:
    names = {rules.field_name(s.day, s.slot, e) for s in week for e in ("starts", "ends")}
    for field, message in rules.week_problems(week).items():
        assert field in names
        assert message.endswith(".") and ("after" in message or "overlaps" in message)


@given(weeks)
def test_copying_monday_gives_tuesday_to_friday_mondays_hours_and_keeps_the_weekend(week) -> None:
    copied = rules.copy_monday(week)
    monday = {(s.slot, s.starts, s.ends) for s in week if s.day == 0}
    for day in range(1, 5):
        assert {(s.slot, s.starts, s.ends) for s in copied if s.day == day} == monday
    assert [s for s in copied if s.day >= 5] == sorted(
        (s for s in week if s.day >= 5), key=lambda s: (s.day, s.slot)
    )


def test_overlap_message_names_the_earlier_interval() -> None:
    week = [Span(0, 0, dt.time(9), dt.time(13)), Span(0, 1, dt.time(12), dt.time(17))]
    assert rules.week_problems(week) == {
        "mon_1_starts": "This overlaps 09:00–13:00 on Monday: start at 13:00 or later."
    }


def test_touching_intervals_leave_a_break_of_nothing_and_are_fine() -> None:
    week = [Span(2, 0, dt.time(9), dt.time(13)), Span(2, 1, dt.time(13), dt.time(17))]
    assert rules.week_problems(week) == {}


@given(st.integers(-1000, 1000), st.integers(-10, 200), st.decimals(-100, 10**7, places=2))
def test_a_service_passes_exactly_within_its_limits(minutes: int, buffer: int, price) -> None:
    problems = rules.service_problems(minutes, buffer, price)
    assert ("duration_minutes" in problems) == (not 10 <= minutes <= 240)
    assert ("buffer_after_minutes" in problems) == (not 0 <= buffer <= 120)
    assert ("price" in problems) == (not Decimal(0) <= price <= rules.MAX_PRICE)


@pytest.mark.parametrize(("hours", "ok"), [(0, True), (336, True), (337, False), (-1, False)])
def test_the_cancellation_notice_is_at_most_14_days(hours: int, ok: bool) -> None:
    assert (rules.notice_problem(hours) is None) == ok


def test_a_written_week_reads_ranges_breaks_and_single_days() -> None:
    week = rules.parse_hours("mon-fri 09:00-13:00,14:00-18:00; sat 10:00-14:00")
    assert len(week) == 11
    assert Span(4, 1, dt.time(14), dt.time(18)) in week
    assert Span(5, 0, dt.time(10), dt.time(14)) in week


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("monday 09:00-17:00", "is not a day or days"),
        ("fri-mon 09:00-17:00", "runs backwards"),
        ("mon 9-5", "is not a time range"),
        ("mon 25:00-26:00", "is not a time of day"),
        ("mon", "gives days but no times"),
        ("mon 17:00-09:00", "Until must be after From (17:00)."),
        ("mon 09:00-13:00,12:00-15:00", "This overlaps 09:00–13:00 on Monday"),
    ],
)
def test_a_written_week_that_cant_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(rules.HoursSyntax, match=message.replace("(", r"\(").replace(")", r"\)")):
        rules.parse_hours(text)


@pytest.mark.parametrize("slug", sorted(rules.RESERVED_SLUGS))
def test_reserved_slugs_are_refused_as_reserved(slug: str) -> None:
    problem = rules.slug_problem(slug)
    assert problem is not None
    assert len(slug) < rules.MIN_SLUG_LENGTH or "reserved" in problem


def test_the_host_names_of_the_service_are_reserved() -> None:
    for slug in ("www", "api", "admin", "static", "media", "setup", "start", "mail", "app"):
        assert slug in rules.RESERVED_SLUGS


@given(st.text(max_size=60))
def test_a_slug_is_accepted_exactly_when_it_is_one_dns_label_of_3_to_40(slug: str) -> None:
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789-")
    well_formed = (
        3 <= len(slug) <= 40
        and set(slug) <= allowed
        and not slug.startswith("-")
        and not slug.endswith("-")
    )
    ok = rules.slug_problem(slug) is None
    assert ok == (well_formed and slug not in rules.RESERVED_SLUGS)


@given(st.text(max_size=200))
def test_a_suggested_slug_is_lowercase_letters_digits_and_hyphens(name: str) -> None:
    slug = rules.suggested_slug(name)
    assert len(slug) <= rules.MAX_SLUG_LENGTH
    assert not slug.startswith("-") and not slug.endswith("-")
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_a_suggested_slug_reads_like_the_name() -> None:
    assert rules.suggested_slug("Harbour Massage & Sports") == "harbour-massage-sports"
