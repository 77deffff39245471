"""Appointments: a client's visit with a therapist for a service."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet

if TYPE_CHECKING:
    from easeplan.practice.models import Service


class Appointment(models.Model):
    """One visit. Times are stored in UTC and shown in the practice's zone."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not attend")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="appointments"
    )
    therapist = models.ForeignKey(
        "practice.Therapist", on_delete=models.PROTECT, related_name="appointments"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.PROTECT, related_name="appointments"
    )
    service = models.ForeignKey(
        "practice.Service", on_delete=models.PROTECT, related_name="appointments"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The end of the service's buffer after the visit: the therapist is busy until then.
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    # Calendar invitations: the same UID for the life of the visit, a rising SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Cancelled or moved with less notice than the practice asks: shown to staff.
    late_change = models.BooleanField(default=False)
    # The plan of care this visit belongs to, if any.
    plan = models.ForeignKey(
        "care.PlanOfCare", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    # The random key of the online confirm form that booked it: the same form sent again
    # (back and resubmit, a double click) finds this visit instead of booking another.
    booking_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at",)
        indexes: ClassVar = [
            models.Index(fields=["therapist", "starts_at"]),
            models.Index(fields=["practice", "starts_at"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["practice", "booking_key"],
                condition=models.Q(booking_key__isnull=False),
                name="appointment_booking_key_per_practice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} with {self.therapist} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @staticmethod
    def times(service: Service, start: dt.datetime) -> dict[str, dt.datetime]:
        """The times of a visit of `service` at `start`: its start, its end, and the end of
        the service's buffer, until which the therapist is busy."""
        ends = start + service.duration
        return {"starts_at": start, "ends_at": ends, "blocked_until": ends + service.buffer_after}


class Reminder(models.Model):
    """The outbox row of one reminder email. Sent once: `sent_at` is set when the mail
    server has taken it, and a moved or cancelled visit voids it."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    due_at = models.DateTimeField()
    # The visit's start this reminder was made for: a moved visit gets a new reminder.
    for_start = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    # While a worker is sending it (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("due_at",)
        indexes: ClassVar = [models.Index(fields=["sent_at", "voided_at", "due_at"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["appointment"],
                condition=models.Q(sent_at__isnull=True, voided_at__isnull=True),
                name="one_pending_reminder_per_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.appointment} due {self.due_at:%Y-%m-%d %H:%M}"


class WaitlistEntry(models.Model):
    """A client waiting for a time to open on chosen days. When a visit is cancelled or
    moved, the freed time is offered to waiting clients in the order they joined."""

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="waitlist"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    service = models.ForeignKey("practice.Service", on_delete=models.CASCADE, related_name="+")
    therapist = models.ForeignKey(
        "practice.Therapist",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: any therapist."),
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    days = models.JSONField(help_text=_("ISO dates the client can come on."))
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name_plural = "waitlist entries"

    def __str__(self) -> str:
        return f"{self.client} waiting for {self.service} on {', '.join(self.days)}"
