"""Shifting the rest of a plan after one of its visits moved.

When a plan visit is moved, the plan's later booked visits are offered the same move in
wall-clock time (a 10:00 visit moved by a week stays at 10:00 across a clock change), each
marked free or not with the nearest free times; confirming moves them all in one
transaction or none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import AuditEvent, User
from easeplan.booking import availability, services, slots
from easeplan.booking.models import Appointment
from easeplan.practice.models import Therapist

from .rules import MAX_ALTERNATIVES
from .services import DAY, DEFAULT_TOLERANCE, STAFF_HORIZON, UTC, VisitRefused, when

MOVED = "booking.appointment.moved"
SHIFTED = "booking.series.shifted"


@dataclass(frozen=True)
class Shift:
    """How far a visit was moved, read as wall-clock time in the practice's zone: a
    10:00 visit moved by a week stays at 10:00 when the clocks change in between."""

    moved_from: dt.datetime
    moved_to: dt.datetime
    zone: ZoneInfo

    @property
    def delta(self) -> dt.timedelta:
        return _wall(self.moved_to, self.zone) - _wall(self.moved_from, self.zone)

    def apply(self, start: dt.datetime) -> dt.datetime:
        """`start` moved by the same wall-clock time (the first of two in an autumn fold)."""
        wall = _wall(start, self.zone) + self.delta
        return wall.replace(tzinfo=self.zone, fold=0).astimezone(UTC)


def _wall(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


@dataclass(frozen=True)
class ShiftedVisit:
    """One later visit of the plan: where the shift takes it, and whether that is free."""

    visit: Appointment
    to: dt.datetime
    free: bool
    alternatives: tuple[dt.datetime, ...]  # the nearest free times when `to` isn't free


@dataclass(frozen=True)
class ShiftOffer:
    """The plan's later visits, each shifted as the moved visit (`anchor`) was."""

    anchor: Appointment
    shift: Shift
    visits: tuple[ShiftedVisit, ...]


@dataclass(frozen=True)
class Move:
    """One visit to move: its code, the start it had when offered, and the new start."""

    code: str
    was: dt.datetime
    to: dt.datetime


def last_move(anchor: Appointment) -> Shift | None:
    """The visit's latest move, if it was its last change of time and the rest of its
    plan hasn't been shifted after it yet (the audit trail records both)."""
    event = (
        AuditEvent.objects.filter(
            practice_id=anchor.practice_id,
            object_type=Appointment._meta.label_lower,
            object_id=anchor.code,
            action__in=(MOVED, SHIFTED),
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if event is None or event.action != MOVED:
        return None
    try:
        moved_from = dt.datetime.fromisoformat(event.data["from"])
        moved_to = dt.datetime.fromisoformat(event.data["to"])
    except (KeyError, TypeError, ValueError):
        return None
    if moved_to != anchor.starts_at:
        return None
    return Shift(moved_from, moved_to, anchor.practice.zone)


def _later_visits(anchor: Appointment, after: dt.datetime, now: dt.datetime) -> list[Appointment]:
    return list(
        Appointment.objects.filter(
            plan_id=anchor.plan_id,
            status=Appointment.Status.BOOKED,
            starts_at__gt=max(after, now),
        )
        .exclude(pk=anchor.pk)
        .select_related("practice", "therapist", "service", "client")
        .order_by("starts_at")
    )


def _shift_and_later(
    anchor: Appointment, now: dt.datetime
) -> tuple[Shift, list[Appointment]] | None:
    """The anchor's last move and the plan's visits after its old time, if there are any."""
    shift = last_move(anchor) if anchor.plan_id is not None else None
    later = _later_visits(anchor, shift.moved_from, now) if shift is not None else []
    return (shift, later) if shift is not None and later else None


def can_shift_rest(anchor: Appointment, *, now: dt.datetime | None = None) -> bool:
    """Whether the visit was just moved and its plan has later visits to offer to shift."""
    return _shift_and_later(anchor, now or timezone.now()) is not None


def shift_offer(
    anchor: Appointment, *, staff: bool = False, now: dt.datetime | None = None
) -> ShiftOffer | None:
    """The plan's later visits shifted as `anchor` was moved, or None if there is nothing
    to shift. Each new time is checked against hours, time off and other bookings (the
    visits being shifted don't count against each other's new times)."""
    now = now or timezone.now()
    found = _shift_and_later(anchor, now)
    if found is None:
        return None
    shift, later = found
    ignore = Counter(slots.Interval(v.starts_at, v.blocked_until) for v in later)
    shifted: list[ShiftedVisit] = []
    taken: list[slots.Interval] = []  # new times already offered to earlier visits
    searches: dict[int, tuple[list[slots.WeeklyHours], list[slots.Interval]]] = {}
    for visit in later:
        to = shift.apply(visit.starts_at)
        if visit.therapist_id not in searches:
            searches[visit.therapist_id] = _search_for(visit.therapist, later, shift, ignore)
        hours, busy = searches[visit.therapist_id]
        free = _free_near(visit, to, hours, [*busy, *taken], now=now, staff=staff)
        if to in free:
            reserved = visit.service.duration + visit.service.buffer_after
            taken.append(slots.Interval(to, to + reserved))
            shifted.append(ShiftedVisit(visit, to, True, ()))
        else:
            nearest = sorted(free, key=lambda start: (abs(start - to), start))
            shifted.append(ShiftedVisit(visit, to, False, tuple(nearest[:MAX_ALTERNATIVES])))
    return ShiftOffer(anchor, shift, tuple(shifted))


def _search_for(
    therapist: Therapist,
    later: list[Appointment],
    shift: Shift,
    ignore: Counter[slots.Interval],
) -> tuple[list[slots.WeeklyHours], list[slots.Interval]]:
    """The therapist's hours and busy times around the new times, less the later visits'
    own old times (they move away)."""
    targets = [shift.apply(v.starts_at) for v in later] + [v.starts_at for v in later]
    reach = DEFAULT_TOLERANCE + 2 * DAY
    busy = availability.busy_for(therapist, min(targets) - reach, max(targets) + reach)
    left = ignore.copy()
    kept = []
    for interval in busy:
        if left[interval] > 0:
            left[interval] -= 1
        else:
            kept.append(interval)
    return availability.weekly_hours(therapist), kept


def _free_near(
    visit: Appointment,
    to: dt.datetime,
    hours: list[slots.WeeklyHours],
    busy: list[slots.Interval],
    *,
    now: dt.datetime,
    staff: bool,
) -> list[dt.datetime]:
    """Free starts for the visit within the default tolerance of `to`."""
    practice = visit.practice
    return slots.free_slots(
        hours=hours,
        busy=busy,
        duration=visit.service.duration,
        buffer_after=visit.service.buffer_after,
        zone=practice.zone,
        now=now,
        window_start=to - DEFAULT_TOLERANCE,
        window_end=to + DEFAULT_TOLERANCE + slots.TICK,
        min_notice=dt.timedelta(0) if staff else practice.min_booking_notice,
        horizon=STAFF_HORIZON if staff else practice.booking_horizon,
    )


class ShiftRefused(services.BookingRefused):
    """Nothing was moved; `offer` is a fresh offer (None if nothing is left to shift)."""

    def __init__(self, message: str, *, offer: ShiftOffer | None) -> None:
        super().__init__(message)
        self.offer = offer


def shift_rest(
    anchor: Appointment,
    moves: Sequence[Move],
    *,
    actor: User | None,
    staff: bool = False,
    now: dt.datetime | None = None,
) -> list[Appointment]:
    """Move the plan's later visits as chosen, all or none, in one transaction.

    Each move is `services.move_appointment` (its checks, audit event, new reminder and
    move email). A visit that changed since the offer, or a time refused meanwhile,
    moves nothing and raises ShiftRefused with a fresh offer.
    """
    now = now or timezone.now()
    moves = [move for move in moves if move.to != move.was]
    if not moves:
        raise services.BookingRefused(gettext("Choose at least one visit to move."))
    try:
        moved = _move_all(anchor, moves, actor=actor, staff=staff, now=now)
    except VisitRefused as failed:
        zone = anchor.practice.zone
        offer = shift_offer(anchor, staff=staff, now=now)
        if offer is not None:
            then = gettext("Nothing was moved; here is a new offer.")
        else:
            then = gettext("Nothing was moved; nothing is left to move.")
        raise ShiftRefused(
            gettext("The visit at %(time)s could not be moved: %(reason)s %(then)s")
            % {"time": when(failed.start, zone), "reason": failed.refused.message, "then": then},
            offer=offer,
        ) from None
    return moved


def _move_all(
    anchor: Appointment, moves: list[Move], *, actor: User | None, staff: bool, now: dt.datetime
) -> list[Appointment]:
    with transaction.atomic():
        found = {
            visit.code: visit
            for visit in Appointment.objects.select_for_update(of=("self",))
            .select_related("practice", "therapist", "service", "client")
            .filter(plan_id=anchor.plan_id, code__in=[move.code for move in moves])
            .exclude(pk=anchor.pk)
            .order_by("pk")
        }
        pairs = []
        for move in moves:
            visit = found.get(move.code)
            changed = gettext("It changed while you were choosing.")
            if visit is None or visit.status != Appointment.Status.BOOKED:
                raise VisitRefused(0, move.was, services.BookingRefused(changed))
            if visit.starts_at != move.was or visit.starts_at <= now:
                raise VisitRefused(0, move.was, services.BookingRefused(changed))
            pairs.append((visit, move.to.astimezone(UTC)))
        moved = []
        for visit, to in _in_safe_order(pairs):
            try:
                moved.append(
                    services.move_appointment(visit, to, actor=actor, staff=staff, now=now)
                )
            except services.BookingRefused as refused:
                raise VisitRefused(0, visit.starts_at, refused) from None
        data = {"anchor": anchor.code, "visits": [visit.code for visit in moved]}
        log_action(actor, SHIFTED, anchor, data)
        for visit in moved:  # so that a shifted visit doesn't offer to shift the rest again
            log_action(actor, SHIFTED, visit, data)
    return sorted(moved, key=lambda visit: visit.starts_at)


def _in_safe_order(
    pairs: list[tuple[Appointment, dt.datetime]],
) -> list[tuple[Appointment, dt.datetime]]:
    """An order in which each visit's new time is clear of the visits not yet moved:
    visits shifted later move the last one first, and the other way round."""
    pending = list(pairs)
    ordered = []
    while pending:
        for item in pending:
            visit, to = item
            ends = to + visit.service.duration + visit.service.buffer_after
            if not any(
                other.starts_at < ends and to < other.blocked_until
                for other, _ in pending
                if other is not visit
            ):
                ordered.append(item)
                pending.remove(item)
                break
        else:  # every remaining move lands on another one's time
            visit, _ = pending[0]
            raise VisitRefused(
                0,
                visit.starts_at,
                services.BookingRefused(gettext("Two of the new times overlap each other.")),
            )
    return ordered
