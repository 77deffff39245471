"""Moving a visit: the new time posted, and where a visit can move.

The client's manage page and the staff visit page offer the same choices: the booking
page's day strip for two weeks, and the free times of the chosen day. Staff may book
further back and ahead than the practice's online horizon.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from easeplan.lib import dates
from easeplan.practice.models import Practice

from . import availability, services
from .models import Appointment

DAYS_SHOWN = 14  # the day strip: two weeks, as on the booking page


def window(practice: Practice, *, staff: bool = False) -> dates.Window:
    """The dates one may move a visit to: staff's wide window, or the online horizon."""
    return dates.STAFF if staff else dates.online(practice.booking_horizon_days)


def posted_start(value: str, practice: Practice, *, staff: bool = False) -> dt.datetime:
    """The posted `start`: an ISO time with its offset, within the dates one may book."""
    now = timezone.now().astimezone(practice.zone)
    try:
        return dates.moment_in_window(value, now=now, window=window(practice, staff=staff))
    except dates.DateRefused as refused:
        raise services.BookingRefused(refused.message) from None


def move_choices(
    appointment: Appointment,
    now: dt.datetime,
    *,
    asked_from: dt.date | None,
    asked_day: dt.date | None,
    staff: bool = False,
) -> dict[str, Any]:
    """Where a visit can move: the day strip for two weeks from `asked_from` (today when
    not asked), and the free times of `asked_day` (the first day with any). The visit's
    own time is not a move, so it is never offered."""
    zone = appointment.practice.zone
    today = now.astimezone(zone).date()
    first = max(asked_from or today, today)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    times = [
        time
        for time in availability.free_times(
            appointment.therapist,
            appointment.service,
            start,
            start + dt.timedelta(days=DAYS_SHOWN),
            now=now,
            staff=staff,
            ignore=appointment,
        )
        if time != appointment.starts_at
    ]
    open_days = {time.astimezone(zone).date() for time in times}
    day = max(asked_day or first, first)
    if day not in open_days:
        day = min(open_days) if open_days else first
    return {
        "days": [
            (d, d in open_days) for d in (first + dt.timedelta(days=i) for i in range(DAYS_SHOWN))
        ],
        "day": day,
        "times": [time for time in times if time.astimezone(zone).date() == day],
        "next_from": _next_from(first, today, window(appointment.practice, staff=staff)),
        "previous_from": first - dt.timedelta(days=DAYS_SHOWN) if first > today else None,
    }


def _next_from(first: dt.date, today: dt.date, window: dates.Window) -> dt.date | None:
    """The next two weeks' first day, while it is inside the window."""
    later = first + dt.timedelta(days=DAYS_SHOWN)
    return later if later <= window.last(today) else None
