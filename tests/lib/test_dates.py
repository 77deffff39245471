"""The one rule for typed or sent dates: inside the window around today, or a clear refusal."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.lib import dates

pytestmark = pytest.mark.once

TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("Europe/London"))
WINDOW = dates.Window(past_days=10, ahead_days=60)


@given(st.dates())
def test_every_date_is_either_kept_inside_the_window_or_refused(day: dt.date) -> None:
    try:
        kept = dates.day_in_window(day.isoformat(), today=TODAY, window=WINDOW)
    except dates.DateRefused as refused:
        assert not TODAY - dt.timedelta(days=10) <= day <= TODAY + dt.timedelta(days=60)
        assert refused.message.startswith("Please choose")
    else:
        assert kept == day
        assert TODAY - dt.timedelta(days=10) <= day <= TODAY + dt.timedelta(days=60)


@given(st.datetimes(timezones=st.timezones()))
def test_every_aware_time_is_kept_in_utc_or_refused_never_overflowing(moment: dt.datetime) -> None:
    try:
        kept = dates.moment_in_window(moment.isoformat(), now=NOW, window=WINDOW)
    except dates.DateRefused as refused:
        assert refused.message
    else:
        assert kept == moment and kept.tzinfo == dt.UTC
        assert abs(kept.date() - TODAY) <= dt.timedelta(days=61)


@given(st.text())
def test_any_text_is_a_date_in_the_window_or_a_refusal_in_words(value: str) -> None:
    try:
        day = dates.day_in_window(value, today=TODAY, window=WINDOW)
    except dates.DateRefused as refused:
        assert refused.message
    else:
        assert WINDOW.first(TODAY) <= day <= WINDOW.last(TODAY)
    try:
        moment = dates.moment_in_window(value, now=NOW, window=WINDOW)
    except dates.DateRefused as refused:
        assert refused.message
    else:
        assert moment.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31", "at most 60 days ahead (until 2026-05-01)"),
        ("0001-01-01", "at most 10 days back (from 2026-02-20)"),
        ("31/12/2026", "YYYY-MM-DD"),
    ],
)
def test_the_message_says_which_limit_was_broken(value: str, message: str) -> None:
    with pytest.raises(dates.DateRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        dates.day_in_window(value, today=TODAY, window=WINDOW)


def test_online_dates_run_from_today_to_the_booking_horizon() -> None:
    window = dates.online(30)
    assert dates.day_in_window("2026-04-01", today=TODAY, window=window) == dt.date(2026, 4, 1)
    with pytest.raises(dates.DateRefused, match="already passed"):
        dates.day_in_window("2026-03-01", today=TODAY, window=window)
    with pytest.raises(dates.DateRefused, match="at most 30 days ahead"):
        dates.day_in_window("2026-04-02", today=TODAY, window=window)


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+00:00", "0001-01-01T00:30:00+05:00", "9999-12-31T23:59:59-05:00"]
)
def test_times_at_the_calendars_edges_are_refused_not_overflowing(value: str) -> None:
    with pytest.raises(dates.DateRefused):
        dates.moment_in_window(value, now=NOW, window=dates.STAFF)


def test_a_time_without_its_offset_is_refused() -> None:
    with pytest.raises(dates.DateRefused, match="from the list"):
        dates.moment_in_window("2026-03-03T10:00:00", now=NOW, window=WINDOW)
