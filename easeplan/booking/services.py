"""Booking: find free times and book them without ever booking a therapist twice.

`book_appointment` is the only way an appointment is created. It runs in one transaction:
on SQLite the transaction begins IMMEDIATE, so it holds the write lock before it looks for
overlaps; on PostgreSQL an exclusion constraint refuses an overlap that a concurrent
transaction committed first (see migrations/0002_no_overlap.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easeplan.accounts.audit import log_action, signed_in
from easeplan.accounts.links import password_link
from easeplan.accounts.models import User
from easeplan.lib.integrity import violates
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Client, Practice, Service, Therapist
from easeplan.screening.holds import services as holds

from . import reminders, signals, slots, tasks
from .availability import DAY, free_times, nearby_times, weekly_hours
from .models import Appointment

# The constraints whose refusal means "someone else got there first".
KEY_TAKEN = "appointment_booking_key_per_practice"
NO_OVERLAP = "appointment_no_overlap"  # PostgreSQL only (migrations/0002_no_overlap.py)
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE when two transactions wait for each other


class BookingRefused(Refused):
    """The booking can't be made; `message` says why in the client's words."""

    def __init__(self, message: str, alternatives: Iterable[dt.datetime] = ()) -> None:
        super().__init__(message)
        self.alternatives = list(alternatives)


class SlotTaken(BookingRefused):
    """Someone else just booked the time."""


class HeldByRedFlag(BookingRefused):
    """A red flag stops online booking for this client until a clinician clears it."""

    def __init__(self, stop: holds.Stop) -> None:
        # Neutral words: the person typing a client's email may not be the client.
        super().__init__(_("This can't be booked online. Please contact the practice."))
        self.stop = stop


class AlreadyBooked(BookingRefused):
    """The same confirm form was sent again: `appointment` is the visit it booked."""

    def __init__(self, appointment: Appointment) -> None:
        super().__init__(_("You're already booked for this visit."))
        self.appointment = appointment


def _other_times(
    therapist: Therapist, service: Service, start: dt.datetime, *, now: dt.datetime, staff: bool
) -> list[dt.datetime]:
    """Nearby free times other than `start`, which a concurrent booking has just taken even
    if it has not committed yet (so the search may still see it free)."""
    return [t for t in nearby_times(therapist, service, start, now=now, staff=staff) if t != start]


def _why_not(
    therapist: Therapist, service: Service, start: dt.datetime, *, now: dt.datetime, staff: bool
) -> BookingRefused:
    practice = therapist.practice
    alternatives = nearby_times(therapist, service, start, now=now, staff=staff)
    if start <= now:
        return BookingRefused(
            _("That time has already passed. Please choose a later time."), alternatives
        )
    if not staff and start < now + practice.min_booking_notice:
        return BookingRefused(
            _(
                "Online bookings need at least %(hours)s hours' notice. Please choose a later "
                "time, or call us."
            )
            % {"hours": practice.min_booking_notice_hours},
            alternatives,
        )
    if not staff and start > now + practice.booking_horizon:
        return BookingRefused(
            _("You can book up to %(days)s days ahead. Please choose an earlier date.")
            % {"days": practice.booking_horizon_days},
            alternatives,
        )
    day_start = dt.datetime.combine(
        start.astimezone(practice.zone).date(), dt.time.min, tzinfo=practice.zone
    )
    quiet = slots.free_slots(
        hours=weekly_hours(therapist),
        busy=[],
        duration=service.duration,
        buffer_after=dt.timedelta(0),
        zone=practice.zone,
        now=now,
        window_start=day_start,
        window_end=day_start + DAY,
        min_notice=dt.timedelta(0),
        horizon=dt.timedelta(days=3650),
    )
    if start not in quiet:
        return BookingRefused(
            _("%(therapist)s doesn't work at that time. Please choose one of the times offered.")
            % {"therapist": therapist},
            alternatives,
        )
    return SlotTaken(
        _("Sorry — that time was just taken. Here are the nearest free times."), alternatives
    )


def check_parties(client: Client, therapist: Therapist, service: Service, *, staff: bool) -> None:
    practice_ids = {client.practice_id, therapist.practice_id, service.practice_id}
    if len(practice_ids) != 1:
        raise BookingRefused(_("That service or therapist isn't part of this practice."))
    if client.erased_at is not None:
        raise BookingRefused(
            _("This client's account was deleted at their request: no new visits.")
        )
    if not therapist.is_active or not service.is_active:
        raise BookingRefused(_("That service or therapist isn't taking bookings."))
    if not staff and not service.bookable_online:
        raise BookingRefused(_("This service can't be booked online. Please contact us."))
    if not staff:
        _check_red_flags(client)


def _check_red_flags(client: Client) -> None:
    """No online booking or moving around a red flag (DESIGN invariant 11): the services'
    own guard, so no online door can forget it."""
    stop = holds.stop_for(client=client)
    if stop is not None:
        raise HeldByRedFlag(stop)


def book_appointment(
    client: Client,
    therapist: Therapist,
    service: Service,
    start: dt.datetime,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    staff: bool = False,
    plan: Any = None,
    booking_key: str | None = None,
) -> Appointment:
    """Book `service` with `therapist` for `client` at `start`, or raise BookingRefused.

    `plan` is the plan of care the visit belongs to (series booking sets it);
    `booking_key` the online confirm form's key (see `book_online`)."""
    now = now or timezone.now()
    start = start.astimezone(dt.UTC)  # durations are elapsed time, also across DST
    check_parties(client, therapist, service, staff=staff)
    try:
        with transaction.atomic():
            window = free_times(
                therapist, service, start, start + dt.timedelta(minutes=1), now=now, staff=staff
            )
            if start not in window:
                raise _why_not(therapist, service, start, now=now, staff=staff)
            appointment = Appointment.objects.create(
                practice=therapist.practice,
                therapist=therapist,
                client=client,
                service=service,
                **Appointment.times(service, start),
                booked_by=signed_in(actor),
                plan=plan,
                booking_key=booking_key or None,
            )
            reminders.schedule(appointment, now=now)
            log_action(
                actor,
                "booking.appointment.booked",
                appointment,
                {"starts_at": start.isoformat(), "staff": staff},
            )
    except (IntegrityError, OperationalError) as clash:
        if not is_concurrent_booking(clash):
            raise
        raise SlotTaken(
            _("Sorry — that time was just taken. Here are the nearest free times."),
            _other_times(therapist, service, start, now=now, staff=staff),
        ) from None
    return appointment


def is_concurrent_booking(error: Exception) -> bool:
    """PostgreSQL refused an insert because another transaction books the same time: its
    exclusion constraint, or the deadlock it breaks when both check each other's row."""
    if isinstance(error, IntegrityError):
        return violates(error, Appointment, NO_OVERLAP)
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK


def book_online(
    practice: Practice,
    therapist: Therapist,
    service: Service,
    start: dt.datetime,
    *,
    user: Any,
    details: dict[str, str] | None,
    now: dt.datetime | None = None,
    booking_key: str = "",
) -> Appointment:
    """A client books on the public site: as a signed-in client, or with their details.

    New clients get a client record and an account without a password; the confirmation
    email carries a link to set one. Everything is one transaction with the booking.
    A `booking_key` that already booked a visit raises AlreadyBooked with that visit, also
    when the first sending is still being booked (it wins, then this one finds it).
    """
    booking_key = _unused_key(practice, booking_key)
    try:
        with transaction.atomic():
            client, password_link = client_for_booking(practice, user=user, details=details)
            appointment = book_appointment(
                client, therapist, service, start,
                actor=user if details is None else None, now=now, booking_key=booking_key,
            )  # fmt: skip
            transaction.on_commit(
                lambda: tasks.send_booking_confirmation.enqueue(appointment.code, password_link)
            )
    except (SlotTaken, IntegrityError) as clash:
        if isinstance(clash, IntegrityError) and not violates(clash, Appointment, KEY_TAKEN):
            raise
        _unused_key(practice, booking_key)  # the first sending won: say so
        if isinstance(clash, IntegrityError):
            raise BookingRefused(_("Please choose the time again.")) from None
        raise
    return appointment


def _unused_key(practice: Practice, booking_key: str) -> str:
    """The key, unless it booked before: AlreadyBooked if that visit is still booked; an
    empty key (book as new) if it was cancelled or took place."""
    if not booking_key:
        return ""
    earlier = (
        Appointment.objects.select_related("therapist", "service")
        .filter(practice=practice, booking_key=booking_key)
        .first()
    )
    if earlier is None:
        return booking_key
    if earlier.status == Appointment.Status.BOOKED:
        raise AlreadyBooked(earlier)
    return ""


def client_for_booking(
    practice: Practice, *, user: Any, details: dict[str, str] | None
) -> tuple[Client, str]:
    """The practice's client record for this booking, and a set-password link if new."""
    if details is None:
        client = practice.clients.filter(user=user).first()
        if client is None:
            raise BookingRefused(_("Please give your details to book."))
        return client, ""
    client = _client_by_email(practice, details)
    if client.user_id is not None:
        return client, ""
    account, link = _account_by_email(client)
    client.user = account
    client.save(update_fields=["user"])
    return client, link


def _client_by_email(practice: Practice, details: dict[str, str]) -> Client:
    """The practice's client with this email, created if new.

    The same new person can send two bookings at once (a double click, two tabs). On
    PostgreSQL the second insert waits for the first transaction and then breaks the
    unique email; in a savepoint that is not an error: the first one's record is used.
    """
    email = details["email"]
    client = practice.clients.filter(email__iexact=email).first()
    if client is not None:
        return client
    try:
        with transaction.atomic():
            return Client.objects.create(
                practice=practice,
                first_name=details["first_name"].strip(),
                last_name=details["last_name"].strip(),
                email=email,
                phone=details["phone"].strip(),
            )
    except IntegrityError as clash:
        if not violates(clash, Client, "client_email_per_practice"):
            raise
    return practice.clients.get(email__iexact=email)


def _account_by_email(client: Client) -> tuple[User, str]:
    """The account for a new client's email, and a set-password link if it is new too;
    a concurrent request creating the same account wins the same way as above."""
    account = User.objects.filter(email__iexact=client.email).first()
    if account is not None:
        return account, ""
    try:
        with transaction.atomic():
            account = User.objects.create_user(
                client.email, None, full_name=f"{client.first_name} {client.last_name}"
            )
    except IntegrityError as clash:
        account = User.objects.filter(email__iexact=client.email).first()
        if account is None or not violates(clash, User, "user_email_ci_unique", "email"):
            raise
        return account, ""
    return account, password_link(account)


def is_late(appointment: Appointment, now: dt.datetime) -> bool:
    """Less notice than the practice asks for (a client may still do it; staff see it)."""
    notice = dt.timedelta(hours=appointment.practice.cancellation_notice_hours)
    return appointment.starts_at - now < notice


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update()
        .select_related("practice", "therapist", "service", "client")
        .get(pk=appointment.pk)
    )


def cancel_appointment(
    appointment: Appointment,
    *,
    actor: User | None,
    staff: bool = False,
    now: dt.datetime | None = None,
) -> Appointment:
    """Cancel a visit: its time is free at once, its reminder is void, the client gets a
    calendar cancellation. Cancelling twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = _locked(appointment)
        if visit.status == Appointment.Status.CANCELLED:
            return visit
        if visit.status != Appointment.Status.BOOKED or (visit.starts_at <= now and not staff):
            raise BookingRefused(
                _(
                    "This visit has already taken place, so it can't be cancelled. Please "
                    "contact the practice."
                )
            )
        visit.late_change = visit.late_change or (not staff and is_late(visit, now))
        visit.status = Appointment.Status.CANCELLED
        visit.cancelled_at = now
        visit.cancelled_by = signed_in(actor)
        visit.sequence += 1
        visit.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "late_change", "sequence"]
        )
        reminders.void(visit, now=now)
        log_action(
            actor,
            "booking.appointment.cancelled",
            visit,
            {"late": visit.late_change, "staff": staff},
        )
        transaction.on_commit(lambda: tasks.send_cancellation.enqueue(visit.code))
        _offer_on_commit(visit.therapist, visit.starts_at, now)
    return visit


def move_appointment(
    appointment: Appointment,
    start: dt.datetime,
    *,
    actor: User | None,
    staff: bool = False,
    now: dt.datetime | None = None,
) -> Appointment:
    """Move a visit to another free time of the same therapist; the old time is free at
    once, the reminder follows, and the client's calendar event updates in place."""
    now = now or timezone.now()
    start = start.astimezone(dt.UTC)  # durations are elapsed time, also across DST
    try:
        with transaction.atomic():
            visit = _locked(appointment)
            if visit.status != Appointment.Status.BOOKED or (visit.starts_at <= now and not staff):
                raise BookingRefused(_("Only a booked visit that hasn't started can be moved."))
            if not staff:
                _check_red_flags(visit.client)
            free = free_times(
                visit.therapist,
                visit.service,
                start,
                start + dt.timedelta(minutes=1),
                now=now,
                staff=staff,
                ignore=visit,
            )
            if start not in free:
                raise _why_not(visit.therapist, visit.service, start, now=now, staff=staff)
            visit.late_change = visit.late_change or (not staff and is_late(visit, now))
            old = visit.starts_at
            visit.starts_at = start
            visit.ends_at = start + visit.service.duration
            visit.blocked_until = visit.ends_at + visit.service.buffer_after
            visit.sequence += 1
            visit.save(
                update_fields=["starts_at", "ends_at", "blocked_until", "late_change", "sequence"]
            )
            reminders.schedule(visit, now=now)
            log_action(
                actor,
                "booking.appointment.moved",
                visit,
                {"from": old.isoformat(), "to": start.isoformat(), "staff": staff},
            )
            transaction.on_commit(lambda: tasks.send_move.enqueue(visit.code))
            _offer_on_commit(visit.therapist, old, now)
    except IntegrityError as clash:
        if not violates(clash, Appointment, NO_OVERLAP):
            raise
        raise SlotTaken(
            _("Sorry — that time was just taken. Here are the nearest free times."),
            _other_times(appointment.therapist, appointment.service, start, now=now, staff=staff),
        ) from None
    return visit


def book_by_staff(
    practice: Practice,
    therapist: Therapist,
    service: Service,
    start: dt.datetime,
    *,
    client: Client | None,
    details: dict[str, str] | None,
    actor: User | None,
) -> Appointment:
    """Staff book for an existing client, or a new one from their details."""
    with transaction.atomic():
        password = ""
        if client is None:
            client, password = client_for_booking(practice, user=None, details=details)
        appointment = book_appointment(client, therapist, service, start, actor=actor, staff=True)
        transaction.on_commit(
            lambda: tasks.send_booking_confirmation.enqueue(appointment.code, password)
        )
    return appointment


def _offer_on_commit(therapist: Therapist, start: dt.datetime, now: dt.datetime) -> None:
    """A freed time that is still in the future is announced once committed (the waitlist
    offers it: booking.signals.time_freed)."""
    if start <= now:
        return
    transaction.on_commit(lambda: announce_freed(therapist, start))


def announce_freed(therapist: Therapist, start: dt.datetime) -> None:
    """Announce that `therapist`'s time at `start` is free again (call after commit)."""
    signals.time_freed.send(sender=Therapist, therapist=therapist, start=start)
