"""What a staff page about the practice's schedule asks for: which day, which therapist, and
the local bounds of a range of days. Used by the staff calendar and by care's pages that
follow the same day and therapist (the notes due, the pre-visit summaries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest
from django.utils import timezone

from easeplan.lib import dates
from easeplan.lib.params import day_param

from .models import Practice, Therapist

ONE_DAY = dt.timedelta(days=1)


def local_bounds(first: dt.date, last: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """From the start of local date `first` to the start of the date after `last`."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(last + ONE_DAY, dt.time.min, tzinfo=zone)


def chosen_day(request: HttpRequest) -> dt.date:
    """The `day` asked for (YYYY-MM-DD); today in the practice's zone when absent or bad."""
    today = timezone.localdate()
    return day_param(request, "day", today=today, window=dates.STAFF, default=today)


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=i) for i in range(7)]


def practice_therapists(practice: Practice) -> list[Therapist]:
    """All the practice's therapists with their working hours (two queries)."""
    return list(practice.therapists.prefetch_related("working_hours"))


def chosen_therapist(request: HttpRequest, therapists: Sequence[Therapist]) -> Therapist | None:
    """The `therapist` asked for, else the user's own profile, else the first active one.

    A code that is not one of this practice's therapists answers 404.
    """
    code = request.GET.get("therapist", "")
    if code:
        for therapist in therapists:
            if therapist.code == code:
                return therapist
        raise Http404("No such therapist.")
    own = [t for t in therapists if t.user_id == request.user.pk]
    active = [t for t in therapists if t.is_active]
    return next(iter(own or active), None)


def switchable(therapists: Sequence[Therapist], chosen: Therapist | None) -> list[Therapist]:
    """The therapists to switch between: the active ones, and the chosen one in any case."""
    return [t for t in therapists if t.is_active or t == chosen]


@dataclass(frozen=True)
class ScheduleChoice:
    """The day and therapist a schedule page shows, and the therapists it offers instead."""

    day: dt.date
    therapist: Therapist | None
    therapists: list[Therapist]

    def day_header(self) -> dict[str, Any]:
        """What a one-day page's header shows: the day, the days either side, who, and whom
        else to switch to."""
        return {
            "day": self.day,
            "previous_day": self.day - ONE_DAY,
            "next_day": self.day + ONE_DAY,
            "therapist": self.therapist,
            "therapists": self.therapists,
        }


def chosen_schedule(request: HttpRequest, practice: Practice) -> ScheduleChoice:
    """The `day` and the `therapist` asked for (`chosen_day`, `chosen_therapist`: 404 for a
    therapist of another practice), in two queries."""
    day = chosen_day(request)
    therapists = practice_therapists(practice)
    therapist = chosen_therapist(request, therapists)
    return ScheduleChoice(day, therapist, switchable(therapists, therapist))
