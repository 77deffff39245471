"""The one rule for dates and times that people type or send: inside a window, or refused.

Every form field and query parameter that takes a date goes through `day_in_window` or
`moment_in_window`. A date outside [today − past, today + ahead] is refused with a message
that says which limit it broke, so year 1 or year 9999 never reaches date arithmetic (where
it would overflow) or the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

from .refusals import Refused

# Staff look back at old visits and plan far ahead, but not by centuries.
STAFF_PAST_DAYS = 3660
STAFF_AHEAD_DAYS = 3660


class DateRefused(Refused, ValueError):
    """A date or time that can't be used; `message` says why in the reader's words."""


@dataclass(frozen=True)
class Window:
    """How far back and how far ahead of today a date may be, in days."""

    past_days: int
    ahead_days: int

    def first(self, today: dt.date) -> dt.date:
        return today - dt.timedelta(days=self.past_days)

    def last(self, today: dt.date) -> dt.date:
        return today + dt.timedelta(days=self.ahead_days)


STAFF = Window(past_days=STAFF_PAST_DAYS, ahead_days=STAFF_AHEAD_DAYS)


def online(booking_horizon_days: int) -> Window:
    """What a client may choose online: today up to the practice's booking horizon."""
    return Window(past_days=0, ahead_days=booking_horizon_days)


def check_day(day: dt.date, *, today: dt.date, window: Window) -> dt.date:
    """`day` itself if it lies in the window around `today`, else DateRefused."""
    if day > window.last(today):
        if window.ahead_days <= 0:
            raise DateRefused(gettext("Please choose today or an earlier date."))
        raise DateRefused(
            gettext("Please choose a date at most %(days)s days ahead (until %(last)s).")
            % {"days": window.ahead_days, "last": window.last(today).isoformat()}
        )
    if day < window.first(today):
        if window.past_days <= 0:
            raise DateRefused(
                gettext("That date has already passed. Please choose today or a later date.")
            )
        raise DateRefused(
            gettext("Please choose a date at most %(days)s days back (from %(first)s).")
            % {"days": window.past_days, "first": window.first(today).isoformat()}
        )
    return day


def day_in_window(value: str, *, today: dt.date, window: Window) -> dt.date:
    """A date written as YYYY-MM-DD inside the window around `today`, else DateRefused."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DateRefused(gettext("Please give the date as YYYY-MM-DD.")) from None
    return check_day(day, today=today, window=window)


def check_moment(moment: dt.datetime, *, now: dt.datetime, window: Window) -> dt.datetime:
    """An aware `moment` whose date (in `now`'s zone) lies in the window, in UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DateRefused(gettext("Please choose a time from the list."))
    try:
        local = moment.astimezone(now.tzinfo)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's edge
        raise DateRefused(gettext("Please choose a time from the list.")) from None
    check_day(local.date(), today=now.date(), window=window)
    return moment.astimezone(dt.UTC)


def moment_in_window(value: str, *, now: dt.datetime, window: Window) -> dt.datetime:
    """An ISO 8601 time with its offset, inside the window around `now`, in UTC."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise DateRefused(gettext("Please choose a time from the list.")) from None
    return check_moment(moment, now=now, window=window)
