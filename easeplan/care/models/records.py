"""Intake and consent: what a client tells the practice before treatment, and agrees to."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class Intake(models.Model):
    """A client's intake questionnaire, one per client record.

    `draft` keeps what was typed so far (raw form values, nothing validated), so a client
    can stop and come back. Submitting validates everything and stores the cleaned
    `answers` (keys in easeplan.care.intake) with the questionnaire `version`.
    """

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="intakes"
    )
    client = models.OneToOneField(
        "practice.Client", on_delete=models.CASCADE, related_name="intake"
    )
    version = models.CharField(max_length=40, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Intake of {self.client}"

    @property
    def completed(self) -> bool:
        return self.submitted_at is not None


class Consent(models.Model):
    """A consent the client signed: the exact text and version, typed name, time and IP.

    Never edited: revoking sets `revoked_at`; signing again makes a new row.
    """

    class Kind(models.TextChoices):
        TREATMENT = "treatment", _("Treatment")
        PRIVACY = "privacy", _("Privacy")
        GLUTEAL = "gluteal", _("Gluteal work")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="consents"
    )
    client = models.ForeignKey("practice.Client", on_delete=models.CASCADE, related_name="consents")
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    version = models.CharField(max_length=40)
    text = models.TextField()
    # For gluteal work: how the client agrees to it (a code from care.consents).
    choice = models.CharField(max_length=20, blank=True)
    typed_name = models.CharField(max_length=160)
    signed_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-signed_at", "-pk")
        indexes: ClassVar = [models.Index(fields=["client", "kind", "-signed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} consent {self.version} of {self.client}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class VisitConsent(models.Model):
    """The per-session confirmation of gluteal work, recorded in the visit.

    Written consent is renewed for each session where the area is treated (CMTO standard
    on sensitive areas, ../shared/CLINICAL.md §6); declining today never blocks the visit.
    """

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed gluteal work for this session")
        DECLINED = "declined", _("Declined gluteal work for this session")

    appointment = models.OneToOneField(
        "booking.Appointment", on_delete=models.CASCADE, related_name="gluteal_consent"
    )
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    answer = models.CharField(max_length=12, choices=Answer.choices)
    choice = models.CharField(max_length=20, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_answer_display()} ({self.appointment.code})"
