"""Stored screening: self-checks of people who went on to book, and therapists' assessments."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class SelfCheck(models.Model):
    """A self-check kept because the visitor booked: the answers carry into their intake.

    Anonymous self-checks stay in the session and are never stored; this row exists only
    once there is a client record to attach it to.
    """

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="self_checks"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="self_checks"
    )
    version = models.CharField(max_length=40)
    # The intake keys the self-check answered (easeplan.care.intake.FROM_SELF_CHECK).
    answers = models.JSONField(default=dict)
    outcome = models.CharField(max_length=20)  # rules.Outcome value
    created_at = models.DateTimeField(default=timezone.now)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Self-check of {self.client} ({self.outcome})"


class Assessment(models.Model):
    """A therapist's assessment: the clinical tests of CLINICAL.md §1 and free text.

    `results` maps a test code (screening.clinical_tests) to {"result": "positive" |
    "negative" | "not_done", "side": "left" | "right" | "both" | ""}; `features` lists
    the defining features found (rules.defining_features codes).
    """

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="assessments"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="assessments"
    )
    therapist = models.ForeignKey(
        "practice.Therapist", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointment = models.ForeignKey(
        "booking.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    assessed_on = models.DateField()
    version = models.CharField(max_length=40)
    results = models.JSONField(default=dict)
    features = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-assessed_on", "-created_at")
        indexes: ClassVar = [models.Index(fields=["client", "-assessed_on"])]

    def __str__(self) -> str:
        return f"Assessment of {self.client} on {self.assessed_on}"


class Referral(models.Model):
    """A "refer to doctor" letter written from an assessment: printable, optionally emailed."""

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="referrals"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="referrals")
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    reason = models.TextField()
    sent_to = models.EmailField(blank=True)
    # Set once the mail server has taken the email, so a task run twice sends it once.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # While a worker is emailing it (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Referral of {self.assessment.client}"


class RedFlagHold(models.Model):
    """A red flag that stops online booking for a client until a clinician clears it.

    Raised by the self-check (the visitor's session once they are a known client), a
    submitted intake, or the check-in before a visit (DESIGN invariant 11; CLINICAL.md
    §2). `flags` are the red-flag codes answered yes (screening.rules.BY_CODE). The client
    is held while any of their holds is open (`cleared_at` empty); clearing takes a dated
    note by a clinician of the practice and is audited.
    """

    class Source(models.TextChoices):
        SELF_CHECK = "self_check", gettext_lazy("Self-check")
        INTAKE = "intake", gettext_lazy("Intake")
        CHECKIN = "checkin", gettext_lazy("Check-in before a visit")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="red_flag_holds"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="red_flag_holds"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    source = models.CharField(max_length=12, choices=Source.choices)
    flags = models.JSONField(default=list)
    # The visit whose check-in raised it, marked for the therapist.
    appointment = models.ForeignKey(
        "booking.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="red_flag_holds",
    )
    raised_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clearing_note = models.TextField(blank=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-raised_at", "-pk")
        indexes: ClassVar = [
            models.Index(fields=["client", "cleared_at"]),
            models.Index(fields=["practice", "cleared_at"]),
        ]

    def __str__(self) -> str:
        return f"Red flag hold of {self.client} ({self.source})"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
