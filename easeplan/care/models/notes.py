"""SOAP notes: what happened in each visit, signed and then never changed."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class SessionNote(models.Model):
    """The SOAP note of one visit. A draft can be edited (and autosaves); once signed it is
    locked and corrections are dated amendments by its author (DESIGN invariant 4)."""

    class Pressure(models.TextChoices):
        LIGHT = "light", pgettext_lazy("pressure", "Light")
        MODERATE = "moderate", pgettext_lazy("pressure", "Moderate")
        FIRM = "firm", pgettext_lazy("pressure", "Firm")
        DEEP = "deep", pgettext_lazy("pressure", "Deep")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="session_notes"
    )
    appointment = models.OneToOneField(
        "booking.Appointment", on_delete=models.PROTECT, related_name="note"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.PROTECT, related_name="session_notes"
    )
    plan_of_care = models.ForeignKey(
        "care.PlanOfCare", null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    pain_today = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    # Codes from easeplan.care.soap: body regions (view, region, side) and techniques.
    regions = models.JSONField(default=list, blank=True)
    techniques = models.JSONField(default=list, blank=True)
    pressure = models.CharField(max_length=10, choices=Pressure.choices, blank=True)
    client_response = models.TextField(blank=True)
    # The session's gluteal consent as it stood when the note was signed.
    gluteal_consent = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=["practice", "signed_at"])]

    def __str__(self) -> str:
        return f"Note of {self.appointment}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class NoteAmendment(models.Model):
    """A dated correction to a signed note, by the note's author. Never edited."""

    note = models.ForeignKey(SessionNote, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"Amendment to {self.note.code} at {self.created_at:%Y-%m-%d %H:%M}"
