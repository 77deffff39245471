"""Booking a plan of care's visits as one series, and shifting the rest after a move.

The planner is pure (rules.py); this module feeds it the therapist's working hours,
appointments and time off, and books what the person chose.

- `book_series` books every chosen visit in ONE transaction, each through
  `services.book_appointment` (so every rule and the database's no-overlap guard apply).
  If any one is refused (taken a moment ago, outside working hours, too soon) nothing is
  booked and `SeriesRefused` says which visit and why, with a fresh proposal. The client
  gets one email listing every visit, with one calendar file holding them all.
- After one visit of a plan is moved, `shift_offer` proposes the plan's later visits
  moved by the same amount of wall-clock time (a 10:00 visit stays at 10:00 when the
  clocks change) and says which of those times are free; `shift_rest` moves the chosen
  ones all-or-nothing, each with the usual move email.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import OperationalError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import User
from easeplan.booking import availability, services, slots, tasks
from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare
from easeplan.lib.locks import refresh_for_update
from easeplan.practice.models import Service, Therapist

from .rules import ProposedVisit, propose_series

UTC = dt.UTC
DAY = dt.timedelta(days=1)
DEFAULT_TOLERANCE = dt.timedelta(days=2)
# How far from the wanted day the first free time is looked for when no time is given.
FIRST_FREE_WITHIN = dt.timedelta(days=14)
STAFF_HORIZON = dt.timedelta(days=3650)
# Plans whose visits may be booked: a paused or closed plan takes no new visits.
BOOKABLE = (PlanOfCare.Status.PROPOSED, PlanOfCare.Status.ACTIVE)
# Visits that don't count towards the plan: they were cancelled or missed.
NOT_COUNTED = (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE when two transactions wait for each other


def when(moment: dt.datetime, zone: ZoneInfo) -> str:
    """How a visit's time reads in messages, in local time and the reader's language:
    "10:00 on Tue 3 Dec"."""
    local = moment.astimezone(zone)
    return gettext("%(time)s on %(day)s") % {
        "time": formats.date_format(local, "H:i"),
        "day": formats.date_format(local, gettext("D j M")),
    }


# -- proposing a series ------------------------------------------------------------------


@dataclass(frozen=True)
class Wish:
    """What the person booking asked for: the first start and their preferences."""

    first_start: dt.datetime
    weekdays: frozenset[int] = frozenset()
    hours: tuple[dt.time, dt.time] | None = None  # local (from, until)
    tolerance: dt.timedelta = DEFAULT_TOLERANCE


@dataclass(frozen=True)
class OfferedVisit:
    """One proposed visit, numbered within the plan, with why it lies where it does."""

    number: int  # 3 for the plan's third visit
    proposed: ProposedVisit
    note: str

    @property
    def starts(self) -> dt.datetime | None:
        return self.proposed.starts

    @property
    def choices(self) -> tuple[dt.datetime, ...]:
        """The proposed start first, then the nearest other free starts."""
        first = (self.proposed.starts,) if self.proposed.starts is not None else ()
        return first + self.proposed.alternatives


@dataclass(frozen=True)
class SeriesOffer:
    """A proposal for the plan's visits still to book, as the booking pages show it."""

    plan: PlanOfCare
    therapist: Therapist
    service: Service
    wish: Wish
    planned: int
    visits: tuple[OfferedVisit, ...]

    @property
    def conflicts(self) -> tuple[OfferedVisit, ...]:
        return tuple(visit for visit in self.visits if visit.starts is None)

    @property
    def starts(self) -> list[dt.datetime]:
        return [visit.starts for visit in self.visits if visit.starts is not None]


@dataclass(frozen=True)
class _Rules:
    """What the search knew, to say in words why a visit could not keep its ideal time."""

    therapist: Therapist
    hours: list[slots.WeeklyHours]
    busy: list[slots.Interval]
    zone: ZoneInfo
    duration: dt.timedelta
    now: dt.datetime
    min_notice: dt.timedelta
    horizon: dt.timedelta
    frequency: dt.timedelta
    tolerance: dt.timedelta

    def why_not(self, ideal: dt.datetime) -> str:
        """Why the ideal time can't be booked: "the 10:00 on Tue 3 Dec is taken"."""
        values = {"time": when(ideal, self.zone)}
        if ideal <= self.now:
            return gettext("the %(time)s has already passed") % values
        if ideal < self.now + self.min_notice:
            return gettext("the %(time)s is too soon to book online") % values
        if ideal > self.now + self.horizon:
            return gettext(
                "the %(time)s is more than %(days)d days ahead, further than bookings open"
            ) % (values | {"days": self.horizon.days})
        if not self._working(ideal):
            return gettext("the %(time)s is outside %(therapist)s's working hours") % (
                values | {"therapist": self.therapist}
            )
        return gettext("the %(time)s is taken") % values

    def _working(self, start: dt.datetime) -> bool:
        return bool(
            slots.free_slots(
                hours=self.hours,
                busy=[],
                duration=self.duration,
                buffer_after=dt.timedelta(0),
                zone=self.zone,
                now=start - DAY,
                window_start=start,
                window_end=start + slots.TICK,
                min_notice=dt.timedelta(0),
                horizon=STAFF_HORIZON,
            )
        )

    def note(self, visit: ProposedVisit) -> str:
        ideal = when(visit.ideal, self.zone)
        if visit.starts is None:
            days = self.tolerance.days
            return ngettext(
                "No free time within %(days)d day of %(time)s: %(reason)s.",
                "No free time within %(days)d days of %(time)s: %(reason)s.",
                days,
            ) % {"days": days, "time": ideal, "reason": self.why_not(visit.ideal)}
        if not visit.moved:
            if visit.same_weekday_and_time:
                return gettext("Same weekday and time")
            days = self.frequency.days
            return ngettext(
                "%(days)d day after the visit before", "%(days)d days after the visit before", days
            ) % {"days": days}
        return gettext("Moved: %(reason)s") % {"reason": self.why_not(visit.ideal)}


def visits_counted(plan: PlanOfCare) -> int:
    """Visits of the plan that took place or are booked (cancelled and missed ones aren't)."""
    return plan.visits.exclude(status__in=NOT_COUNTED).count()


def check_bookable(
    plan: PlanOfCare, therapist: Therapist, service: Service, *, staff: bool
) -> None:
    """Refuse a plan that takes no new visits, or a therapist or service that can't."""
    if plan.status not in BOOKABLE:
        state = plan.get_status_display().lower()
        if plan.status == PlanOfCare.Status.PAUSED and staff:
            message = gettext(
                "This plan is %(status)s, so no visits can be booked in it. Restart it first."
            )
        else:
            message = gettext("This plan is %(status)s, so no visits can be booked in it.")
        raise services.BookingRefused(message % {"status": state})
    services.check_parties(plan.client, therapist, service, staff=staff)


def proposal_for(
    plan: PlanOfCare,
    *,
    first_start: dt.datetime,
    therapist: Therapist,
    service: Service,
    preferred_weekdays: Collection[int] = (),
    preferred_hours: tuple[dt.time, dt.time] | None = None,
    tolerance: dt.timedelta = DEFAULT_TOLERANCE,
    now: dt.datetime | None = None,
    staff: bool = False,
) -> SeriesOffer:
    """Propose every visit the plan still needs, `plan.frequency_days` apart, from
    `first_start`; see `propose`."""
    wish = Wish(first_start, frozenset(preferred_weekdays), preferred_hours, tolerance)
    return propose(plan, wish, therapist=therapist, service=service, now=now, staff=staff)


def propose(
    plan: PlanOfCare,
    wish: Wish,
    *,
    therapist: Therapist,
    service: Service,
    now: dt.datetime | None = None,
    staff: bool = False,
) -> SeriesOffer:
    """Propose the plan's visits still to book (planned less those booked or attended) as
    `wish` asks; BookingRefused if the plan can't take visits or has none left.

    Staff book without the online notice and horizon (never in the past); clients keep
    the practice's rules. A constant number of queries, however many visits.
    """
    now = now or timezone.now()
    check_bookable(plan, therapist, service, staff=staff)
    done = visits_counted(plan)
    left = plan.visits_planned - done
    if left < 1:
        raise services.BookingRefused(
            ngettext(
                "The %(n)d visit of this plan is booked.",
                "All %(n)d visits of this plan are booked.",
                plan.visits_planned,
            )
            % {"n": plan.visits_planned}
        )
    practice, first = plan.practice, wish.first_start.astimezone(UTC)
    frequency = dt.timedelta(days=plan.frequency_days)
    reach = left * (frequency + wish.tolerance) + wish.tolerance + DAY
    rules = _Rules(
        therapist=therapist,
        hours=availability.weekly_hours(therapist),
        busy=availability.busy_for(therapist, first - wish.tolerance - DAY, first + reach),
        zone=practice.zone,
        duration=service.duration,
        now=now,
        min_notice=dt.timedelta(0) if staff else practice.min_booking_notice,
        horizon=STAFF_HORIZON if staff else practice.booking_horizon,
        frequency=frequency,
        tolerance=wish.tolerance,
    )
    proposal = propose_series(
        first_start=first,
        visits=left,
        frequency=frequency,
        tolerance=wish.tolerance,
        duration=service.duration,
        buffer_after=service.buffer_after,
        hours=rules.hours,
        zone=rules.zone,
        busy=rules.busy,
        now=now,
        preferred_weekdays=wish.weekdays,
        preferred_hours=wish.hours,
        min_notice=rules.min_notice,
        horizon=rules.horizon,
    )
    offered = tuple(OfferedVisit(done + v.number, v, rules.note(v)) for v in proposal.visits)
    return SeriesOffer(plan, therapist, service, wish, plan.visits_planned, offered)


def first_free_start(
    therapist: Therapist,
    service: Service,
    day: dt.date,
    *,
    weekdays: Collection[int] = (),
    hours: tuple[dt.time, dt.time] | None = None,
    now: dt.datetime | None = None,
    staff: bool = False,
) -> dt.datetime | None:
    """The first free time from local `day` on (two weeks at most), on a preferred weekday
    and inside the preferred hours if there is one, else the first free time at all."""
    now = now or timezone.now()
    zone = therapist.practice.zone
    starts = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    free = availability.free_times(
        therapist, service, starts, starts + FIRST_FREE_WITHIN, now=now, staff=staff
    )

    def suits(start: dt.datetime) -> bool:
        local = start.astimezone(zone)
        if weekdays and local.weekday() not in weekdays:
            return False
        return hours is None or hours[0] <= local.time() < hours[1]

    return next((start for start in free if suits(start)), free[0] if free else None)


# -- booking a series --------------------------------------------------------------------


class SeriesRefused(services.BookingRefused):
    """Nothing of the series was booked: visit `number` of the plan at `start` was refused
    for `reason`; `proposal` is a fresh one (None if no visit is left to book)."""

    def __init__(self, message: str, failed: VisitRefused, proposal: SeriesOffer | None) -> None:
        super().__init__(message)
        self.number = failed.number or None
        self.start = failed.start
        self.reason = failed.refused.message
        self.proposal = proposal


class VisitRefused(Exception):
    """Carries one visit's refusal out of the transaction, so that it rolls back."""

    def __init__(self, number: int, start: dt.datetime, refused: services.BookingRefused) -> None:
        super().__init__(refused.message)
        self.number = number
        self.start = start
        self.refused = refused


def book_series(
    plan: PlanOfCare,
    starts: Sequence[dt.datetime],
    *,
    therapist: Therapist,
    service: Service,
    actor: User | None,
    staff: bool = False,
    now: dt.datetime | None = None,
    wish: Wish | None = None,
) -> list[Appointment]:
    """Book a visit of `plan` at each of `starts`, all or none, in one transaction.

    Each visit is booked by `services.book_appointment` (its checks, its audit event, its
    reminder) and belongs to the plan. Raises SeriesRefused, with a fresh proposal made
    from `wish` (or from the first of `starts`), when any visit is refused; BookingRefused
    for a choice that can never work (no times, the same time twice, more visits than the
    plan has left, a closed plan).
    """
    now = now or timezone.now()
    chosen = sorted(start.astimezone(UTC) for start in starts)
    if not chosen:
        raise services.BookingRefused(gettext("Choose at least one time to book."))
    if len(set(chosen)) != len(chosen):
        raise services.BookingRefused(gettext("Two visits can't be at the same time."))
    check_bookable(plan, therapist, service, staff=staff)
    try:
        try:
            return _book_all(plan, chosen, therapist, service, actor=actor, staff=staff, now=now)
        except OperationalError as stuck:  # PostgreSQL broke a deadlock with another booking
            if getattr(stuck.__cause__, "sqlstate", None) != DEADLOCK:
                raise
            clash = services.SlotTaken(
                gettext("Another booking was being made for the same times.")
            )
            raise VisitRefused(0, chosen[0], clash) from None
    except VisitRefused as failed:
        wish = wish or Wish(chosen[0])
        raise _refusal(plan, failed, wish, therapist, service, staff=staff, now=now) from None


def _book_all(
    plan: PlanOfCare,
    chosen: list[dt.datetime],
    therapist: Therapist,
    service: Service,
    *,
    actor: User | None,
    staff: bool,
    now: dt.datetime,
) -> list[Appointment]:
    with transaction.atomic():
        # The plan's row lock keeps two series of one plan from both taking its last visits.
        locked = refresh_for_update(plan)
        if locked.status not in BOOKABLE:
            check_bookable(locked, therapist, service, staff=staff)
        done = visits_counted(locked)
        left = locked.visits_planned - done
        if len(chosen) > left:
            raise services.BookingRefused(
                ngettext(
                    "This plan has %(left)d visit left to book, not %(chosen)d.",
                    "This plan has %(left)d visits left to book, not %(chosen)d.",
                    left,
                )
                % {"left": left, "chosen": len(chosen)}
            )
        booked = []
        for index, start in enumerate(chosen):
            try:
                visit = services.book_appointment(
                    plan.client, therapist, service, start,
                    actor=actor, now=now, staff=staff, plan=locked,
                )  # fmt: skip
            except services.BookingRefused as refused:
                raise VisitRefused(done + index + 1, start, refused) from None
            booked.append(visit)
        codes = [visit.code for visit in booked]
        log_action(
            actor,
            "booking.series.booked",
            plan,
            {
                "visits": codes,
                "starts": [start.isoformat() for start in chosen],
                "therapist": therapist.code,
                "service": service.code,
                "staff": staff,
            },
        )
        transaction.on_commit(lambda: tasks.send_series_confirmation.enqueue(codes))
    return booked


def _refusal(
    plan: PlanOfCare,
    failed: VisitRefused,
    wish: Wish,
    therapist: Therapist,
    service: Service,
    *,
    staff: bool,
    now: dt.datetime,
) -> SeriesRefused:
    """Say which visit was refused and why, and propose again from what is free now."""
    fresh: SeriesOffer | None = None
    with contextlib.suppress(services.BookingRefused):
        fresh = propose(plan, wish, therapist=therapist, service=service, now=now, staff=staff)
    at = when(failed.start, plan.practice.zone)
    if fresh is not None:
        then = gettext("Nothing was booked; here is a new proposal.")
    else:
        then = gettext("Nothing was booked; no visit is left to book.")
    if not failed.number:
        message = f"{failed.refused.message} {then}"
    elif isinstance(failed.refused, services.SlotTaken):
        if fresh is not None:
            message = gettext(
                "The %(time)s was just taken, so nothing was booked; here is a new proposal."
            )
        else:
            message = gettext(
                "The %(time)s was just taken, so nothing was booked; no visit is left to book."
            )
        message %= {"time": at}
    else:
        message = gettext("Visit %(number)d at %(time)s can't be booked: %(reason)s %(then)s") % {
            "number": failed.number,
            "time": at,
            "reason": failed.refused.message,
            "then": then,
        }
    return SeriesRefused(message, failed, fresh)
