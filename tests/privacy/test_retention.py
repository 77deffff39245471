"""How long an erased client's clinical record is kept: pure date rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.privacy.retention import add_years, kept_until

pytestmark = pytest.mark.once  # independent of the database

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31))
years = st.integers(min_value=1, max_value=30)


def test_29_february_moves_to_1_march_in_a_common_year() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 3, 1)
    assert add_years(dt.date(2024, 2, 29), 8) == dt.date(2032, 2, 29)  # a leap year again


def test_the_period_runs_from_the_last_visit_or_from_today() -> None:
    assert kept_until(dt.date(2020, 5, 4), dt.date(2026, 1, 1), 8) == dt.date(2028, 5, 4)
    assert kept_until(None, dt.date(2026, 1, 1), 8) == dt.date(2034, 1, 1)


def test_a_period_under_a_year_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one year"):
        kept_until(None, dt.date(2026, 1, 1), 0)


@given(days, years)
def test_a_record_is_never_kept_shorter_than_the_period(day: dt.date, n: int) -> None:
    until = add_years(day, n)
    assert until.year == day.year + n
    assert (until - day).days >= 365 * n  # at least n years of days, leap days or not
    assert (until - day).days <= 366 * n


@given(days, years)
def test_only_29_february_moves(day: dt.date, n: int) -> None:
    until = add_years(day, n)
    if (day.month, day.day) != (2, 29):
        assert (until.month, until.day) == (day.month, day.day)
    else:
        assert (until.month, until.day) in {(2, 29), (3, 1)}
