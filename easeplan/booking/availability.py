"""Free times from the database: a therapist's working hours and busy times, searched by
the pure slot search of easeplan.booking.slots.

Read only. Busy times are the therapist's booked visits with their buffers and time off;
online bookings keep the practice's notice and horizon, staff may book any future time.
"""

from __future__ import annotations

import datetime as dt

from easeplan.practice.models import Practice, Service, Therapist

from . import slots
from .models import Appointment

DAY = dt.timedelta(days=1)


def busy_for(
    therapist: Therapist,
    starts: dt.datetime,
    ends: dt.datetime,
    *,
    ignore: Appointment | None = None,
) -> list[slots.Interval]:
    """Appointments (with their buffers) and time off of `therapist` touching the window."""
    visits = Appointment.objects.filter(
        therapist=therapist, starts_at__lt=ends, blocked_until__gt=starts
    ).exclude(status=Appointment.Status.CANCELLED)
    if ignore is not None:
        visits = visits.exclude(pk=ignore.pk)
    away = therapist.time_off.filter(starts_at__lt=ends, ends_at__gt=starts)
    return [slots.Interval(a, b) for a, b in visits.values_list("starts_at", "blocked_until")] + [
        slots.Interval(a, b) for a, b in away.values_list("starts_at", "ends_at")
    ]


def weekly_hours(therapist: Therapist) -> list[slots.WeeklyHours]:
    return [slots.WeeklyHours(h.weekday, h.starts, h.ends) for h in therapist.working_hours.all()]


def free_times(
    therapist: Therapist,
    service: Service,
    starts: dt.datetime,
    ends: dt.datetime,
    *,
    now: dt.datetime,
    staff: bool = False,
    ignore: Appointment | None = None,
) -> list[dt.datetime]:
    """Free start times for `service` with `therapist` in [starts, ends).

    Staff may book without the online notice and horizon limits (never in the past).
    """
    practice: Practice = therapist.practice
    return slots.free_slots(
        hours=weekly_hours(therapist),
        busy=busy_for(therapist, starts - DAY, ends + DAY, ignore=ignore),
        duration=service.duration,
        buffer_after=service.buffer_after,
        zone=practice.zone,
        now=now,
        window_start=starts,
        window_end=ends,
        min_notice=dt.timedelta(0) if staff else practice.min_booking_notice,
        horizon=dt.timedelta(days=3650) if staff else practice.booking_horizon,
    )


def nearby_times(
    therapist: Therapist,
    service: Service,
    around: dt.datetime,
    *,
    now: dt.datetime,
    staff: bool = False,
    limit: int = 6,
) -> list[dt.datetime]:
    """Free times on the same local day as `around`, or the next days, to offer instead."""
    zone = therapist.practice.zone
    day = around.astimezone(zone).date()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    found = free_times(therapist, service, start, start + 7 * DAY, now=now, staff=staff)
    return found[:limit]
