"""Outcome check-ins: the answers a client gives before a visit or between visits, each
instrument scored by easeplan.outcomes.instruments and kept with its version."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class CheckIn(models.Model):
    """One sitting of answers: before a visit (on the client's phone or the therapist's
    tablet), or a weekly check-in between visits opened from a single-use email link."""

    class Kind(models.TextChoices):
        VISIT = "visit", gettext_lazy("Before a visit")
        WEEKLY = "weekly", gettext_lazy("Weekly check-in")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="checkins"
    )
    client = models.ForeignKey("practice.Client", on_delete=models.CASCADE, related_name="checkins")
    plan = models.ForeignKey(
        "care.PlanOfCare", null=True, blank=True, on_delete=models.SET_NULL, related_name="checkins"
    )
    appointment = models.ForeignKey(
        "booking.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkins",
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Weekly check-ins: when the link was emailed and until when it opens the form.
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # While a worker is emailing the link (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Staff who entered the answers with the client (the therapist's tablet), if not the client.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [
            models.Index(fields=["client", "kind", "-created_at"]),
            models.Index(fields=["practice", "completed_at"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["appointment"],
                condition=models.Q(appointment__isnull=False),
                name="one_checkin_per_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.client} ({self.code})"

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class Response(models.Model):
    """One instrument answered in a check-in: the answers as given, and the score the
    pure scoring function gave, with the instrument's code and version (DESIGN
    invariant 7). `score` is empty when the missing-item rule leaves it unscorable."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="responses")
    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="responses"
    )
    plan = models.ForeignKey(
        "care.PlanOfCare",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    instrument = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    answers = models.JSONField(default=dict)
    # The items as they were asked (the PSFS activities come from the plan's goals), so
    # the instrument can be rebuilt and the score recomputed exactly as published.
    items = models.JSONField(default=dict, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    answered = models.PositiveSmallIntegerField(default=0)
    collected_at = models.DateTimeField(default=timezone.now)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("collected_at", "pk")
        indexes: ClassVar = [
            models.Index(fields=["client", "instrument", "collected_at"]),
            models.Index(fields=["plan", "instrument", "collected_at"]),
            models.Index(fields=["practice", "collected_at"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["checkin", "instrument"], name="one_response_per_instrument"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.version} of {self.client}: {self.score}"
