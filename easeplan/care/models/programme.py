"""The home programme: exercises prescribed in a plan, and the sessions a client ticks off."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class Prescription(models.Model):
    """One exercise of the library (easeplan.care.exercises) prescribed in a plan, with
    its dosage: hold, reps, sets, sessions a day and days a week."""

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "care.PlanOfCare", on_delete=models.CASCADE, related_name="prescriptions"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    exercise = models.CharField(max_length=40)
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(300)]
    )
    reps = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    sets = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    times_per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    notes = models.TextField(blank=True)
    prescribed_at = models.DateTimeField(default=timezone.now)
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("prescribed_at", "pk")

    def __str__(self) -> str:
        return f"{self.exercise} for {self.plan.code}"


class ExerciseLog(models.Model):
    """One session of a prescribed exercise the client ticked off on a day."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="logs")
    done_on = models.DateField()
    session = models.PositiveSmallIntegerField(default=1)
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("done_on", "session")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["prescription", "done_on", "session"], name="one_tick_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prescription.exercise} done {self.done_on} ({self.session})"
