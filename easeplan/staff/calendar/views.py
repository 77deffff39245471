"""The staff calendar: one therapist's day or week, and the whole team's day.

Times are stored in UTC and shown in the practice's zone, which `staff_required` makes the
current one. Every page runs the same few queries however full the calendar is: the
therapists with their working hours, then the visits and the time off of the window, which
are grouped by therapist and local date in Python, and the clients' intakes and booking
self-checks for the markers (intake not completed, postpone, cautions).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.booking import slots
from easeplan.booking.models import Appointment
from easeplan.care.summary.services import flags_for
from easeplan.lib import htmx
from easeplan.lib.http import HtmxRequest
from easeplan.practice.access import client_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Practice, Therapist, TimeOff
from easeplan.practice.schedule import (
    ONE_DAY,
    chosen_day,
    chosen_schedule,
    local_bounds,
    practice_therapists,
    week_of,
)

# Free times are offered on a half-hour grid counted from the start of each working interval.
SLOT = dt.timedelta(minutes=30)
NO_TIME = dt.timedelta(0)


@dataclass(frozen=True)
class Away:
    """Time off as it shows on one day: "All day", "until 13:00", "09:00–12:00"."""

    entry: TimeOff
    label: str


@dataclass(frozen=True)
class Shift:
    """One working interval on a day, with the half-hour starts still free in it."""

    starts: dt.datetime
    ends: dt.datetime
    free: list[dt.datetime]


@dataclass(frozen=True)
class TherapistDay:
    """What one therapist's calendar holds on one local date."""

    date: dt.date
    therapist: Therapist
    shifts: list[Shift]
    visits: list[Appointment]
    away: list[Away]

    @property
    def hours_line(self) -> str:
        """The working hours as one line: "09:00–13:00, 14:00–18:00"."""
        return ", ".join(f"{_hhmm(s.starts)}–{_hhmm(s.ends)}" for s in self.shifts)


def _hhmm(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def visits_between(
    practice: Practice, start: dt.datetime, end: dt.datetime, therapist: Therapist | None = None
) -> list[Appointment]:
    """Visits (cancelled ones too) keeping a therapist busy at some time in [start, end)."""
    visits = (
        Appointment.objects.for_practice(practice)
        .filter(starts_at__lt=end, blocked_until__gt=start)
        .select_related("client", "service")
    )
    if therapist is not None:
        visits = visits.filter(therapist=therapist)
    found = list(visits.order_by("starts_at", "pk"))
    # Each visit carries its client's intake and contraindication flags for the markers.
    flags = flags_for((v.client for v in found), today=timezone.localdate())
    for visit in found:
        visit.flags = flags[visit.client_id]  # type: ignore[attr-defined]
    return found


def time_off_between(
    practice: Practice, start: dt.datetime, end: dt.datetime, therapist: Therapist | None = None
) -> list[TimeOff]:
    """Time off of the practice's therapists overlapping [start, end)."""
    entries = TimeOff.objects.for_practice(practice).filter(starts_at__lt=end, ends_at__gt=start)
    if therapist is not None:
        entries = entries.filter(therapist=therapist)
    return list(entries.order_by("starts_at", "pk"))


def away_label(entry: TimeOff, start: dt.datetime, end: dt.datetime) -> str:
    """How time off reads on the day [start, end): all of it, its start, its end, or both."""
    if entry.starts_at <= start and entry.ends_at >= end:
        return gettext("All day")
    if entry.starts_at <= start:
        return gettext("until %(time)s") % {"time": _hhmm(entry.ends_at)}
    if entry.ends_at >= end:
        return gettext("from %(time)s") % {"time": _hhmm(entry.starts_at)}
    return f"{_hhmm(entry.starts_at)}–{_hhmm(entry.ends_at)}"


def free_starts(
    hours: Sequence[slots.WeeklyHours],
    busy: Sequence[slots.Interval],
    zone: ZoneInfo,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> list[dt.datetime]:
    """Half-hour grid starts in [start, end), not yet past, whose half hour is free.

    A visit keeps its therapist busy until the end of its buffer (`blocked_until`).
    """
    return slots.free_slots(
        hours=hours,
        busy=busy,
        duration=SLOT,
        buffer_after=NO_TIME,
        zone=zone,
        now=now,
        window_start=start,
        window_end=end,
        min_notice=NO_TIME,
        horizon=max(end - now, NO_TIME) + ONE_DAY,
        step=SLOT,
    )


def therapist_day(
    therapist: Therapist,
    day: dt.date,
    visits: Iterable[Appointment],
    time_off: Iterable[TimeOff],
    *,
    now: dt.datetime | None = None,
) -> TherapistDay:
    """One therapist's `day` from visits and time off already loaded for a wider window.

    With `now`, each working interval also lists its free half-hour starts.
    """
    zone = timezone.get_current_timezone()
    start, end = local_bounds(day, day, zone)
    visits = [v for v in visits if v.therapist_id == therapist.pk]
    away = [a for a in time_off if a.therapist_id == therapist.pk]
    hours = [slots.WeeklyHours(h.weekday, h.starts, h.ends) for h in therapist.working_hours.all()]
    free: list[dt.datetime] = []
    if now is not None:
        busy = [slots.Interval(v.starts_at, v.blocked_until) for v in visits if v.is_active]
        busy += [slots.Interval(a.starts_at, a.ends_at) for a in away]
        free = free_starts(hours, busy, zone, start, end, now)
    shifts = [
        Shift(w.starts, w.ends, [f for f in free if w.starts <= f < w.ends])
        for w in slots.working_intervals(hours, zone, day, day)
    ]
    return TherapistDay(
        date=day,
        therapist=therapist,
        shifts=shifts,
        visits=[v for v in visits if start <= v.starts_at < end],
        away=[
            Away(a, away_label(a, start, end))
            for a in away
            if a.starts_at < end and a.ends_at > start
        ],
    )


def _render(
    request: HtmxRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the calendar part (`fragment`) when htmx asks for it.

    A history restore (htmx missed its cache on Back) needs the whole page.
    """
    context |= {"section": "calendar", "today": timezone.localdate(), "fragment": fragment}
    return htmx.render_page(request, page, context, fragment=fragment)


@client_records
def day_view(request: StaffRequest) -> HttpResponse:
    """One therapist's day: visits, time off, working hours and the times still free."""
    practice = request.practice
    chosen = chosen_schedule(request, practice)
    day, therapist = chosen.day, chosen.therapist
    context: dict[str, Any] = {"view": "day", "week": week_of(day), **chosen.day_header()}
    if therapist is not None:
        start, end = local_bounds(day, day, practice.zone)
        visits = visits_between(practice, start, end, therapist)
        time_off = time_off_between(practice, start, end, therapist)
        context["plan"] = therapist_day(therapist, day, visits, time_off, now=timezone.now())
    return _render(request, "staff/calendar_day.html", "staff/partials/_calendar_day.html", context)


@client_records
def week_view(request: StaffRequest) -> HttpResponse:
    """One therapist's week, Monday to Sunday, a day to a column (a list on phones)."""
    practice = request.practice
    chosen = chosen_schedule(request, practice)
    day, therapist = chosen.day, chosen.therapist
    week = week_of(day)
    context: dict[str, Any] = {
        "view": "week",
        "day": day,
        "week": week,
        "previous_week": day - 7 * ONE_DAY,
        "next_week": day + 7 * ONE_DAY,
        "therapist": therapist,
        "therapists": chosen.therapists,
    }
    if therapist is not None:
        start, end = local_bounds(week[0], week[-1], practice.zone)
        visits = visits_between(practice, start, end, therapist)
        time_off = time_off_between(practice, start, end, therapist)
        context["days"] = [therapist_day(therapist, d, visits, time_off) for d in week]
    return _render(
        request, "staff/calendar_week.html", "staff/partials/_calendar_week.html", context
    )


@client_records
def team_view(request: StaffRequest) -> HttpResponse:
    """The whole team's day for the front desk: a section per active therapist."""
    practice = request.practice
    day = chosen_day(request)
    start, end = local_bounds(day, day, practice.zone)
    visits = visits_between(practice, start, end)
    time_off = time_off_between(practice, start, end)
    by_therapist: defaultdict[int, list[Appointment]] = defaultdict(list)
    for visit in visits:
        by_therapist[visit.therapist_id].append(visit)
    # An inactive therapist still shows while they have visits that day.
    team = [t for t in practice_therapists(practice) if t.is_active or by_therapist[t.pk]]
    context = {
        "view": "team",
        "day": day,
        "week": week_of(day),
        "previous_day": day - ONE_DAY,
        "next_day": day + ONE_DAY,
        "days": [therapist_day(t, day, by_therapist[t.pk], time_off) for t in team],
    }
    # The team's day is a day page too: the same page around a different calendar part.
    return _render(
        request, "staff/calendar_day.html", "staff/partials/_calendar_team.html", context
    )
