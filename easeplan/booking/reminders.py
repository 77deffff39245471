"""Reminder emails: an outbox row per visit, sent once, never for a stale time.

`schedule` is called in the same transaction that books or moves a visit, `void` in the
one that cancels it. The task re-checks everything and claims the row in a short
transaction, sends outside it and then marks the row sent (easeplan.lib.outbox), so a
second run (a retried task, a restarted worker, a duplicate enqueue) finds it claimed or
sent and does nothing, and bookings go on while the mail server takes its time.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import outbox

from . import emails
from .models import Appointment, Reminder

logger = logging.getLogger(__name__)


def schedule(appointment: Appointment, *, now: dt.datetime | None = None) -> Reminder | None:
    """Void any pending reminder of the visit and plan one for its current time."""
    now = now or timezone.now()
    void(appointment, now=now)
    lead = dt.timedelta(hours=appointment.practice.reminder_hours_before)
    # In UTC: arithmetic on a datetime in the practice's zone is wall-clock arithmetic, an
    # hour off across a clock change. The lead is elapsed time.
    due = appointment.starts_at.astimezone(dt.UTC) - lead
    if due <= now:  # booked at shorter notice than the lead: the confirmation is enough
        return None
    reminder = Reminder.objects.create(
        appointment=appointment, due_at=due, for_start=appointment.starts_at
    )
    if send_reminder.get_backend().supports_defer:
        transaction.on_commit(
            lambda: send_reminder.using(run_after=reminder.due_at).enqueue(reminder.pk)
        )
    # Otherwise `manage.py send_due_reminders` (run it from cron) sends it when due.
    return reminder


def send_due(now: dt.datetime | None = None) -> int:
    """Send every reminder that is due and still pending; returns how many were tried.

    The safety net behind the scheduled tasks: after a lost queue, or with a task backend
    that can't schedule. Each send re-checks under lock, so overlapping runs are harmless.
    """
    now = now or timezone.now()
    due = list(
        Reminder.objects.filter(
            sent_at__isnull=True, voided_at__isnull=True, due_at__lte=now
        ).values_list("pk", flat=True)
    )
    for pk in due:
        try:
            send_reminder.call(pk)
        except Exception:  # one bad address must not hold back everyone else's reminder
            logger.exception("Reminder %s could not be sent; it stays pending", pk)
    return len(due)


def void(appointment: Appointment, *, now: dt.datetime | None = None) -> None:
    """No reminder will go out for the visit as it was (moved or cancelled)."""
    Reminder.objects.filter(
        appointment=appointment, sent_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now or timezone.now())


@task()
def send_reminder(reminder_id: int) -> None:
    """Send one reminder if it is still wanted: at most once, whatever runs it."""
    now = timezone.now()
    appointment = _claim(reminder_id, now)
    if appointment is None:
        return
    row = Reminder.objects.filter(pk=reminder_id)
    outbox.send_claimed(
        row,
        now,
        send=lambda: emails.appointment_reminder(appointment),
        mark=lambda: row.filter(sent_at__isnull=True).update(sent_at=now),
    )


def _claim(reminder_id: int, now: dt.datetime) -> Appointment | None:
    """The visit to remind of, with the reminder claimed for this worker; None if the
    reminder is sent, voided, being sent by another worker or no longer wanted."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .filter(pk=reminder_id, sent_at__isnull=True, voided_at__isnull=True)
            .first()
        )
        if reminder is None:
            return None
        appointment = Appointment.objects.select_related(
            "practice", "client", "therapist", "service"
        ).get(pk=reminder.appointment_id)
        # Moved, cancelled, or already begun (workers were down and this is the backlog):
        # a reminder now would be about the wrong time.
        if (
            appointment.status != Appointment.Status.BOOKED
            or appointment.starts_at != reminder.for_start
            or appointment.starts_at <= now
        ):
            reminder.voided_at = now
            reminder.save(update_fields=["voided_at"])
            return None
        if not outbox.claim(Reminder.objects.filter(pk=reminder_id), now):
            return None
    return appointment
