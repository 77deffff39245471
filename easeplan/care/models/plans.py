"""Plans of care: the visits, goals and progress of one course of treatment."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class PlanOfCare(models.Model):
    """A course of treatment for one condition: a number of visits at a frequency, goals in
    the client's own activities (these become the PSFS items), a review date and a status.

    CLINICAL.md §5: about 4–6 visits over 2–6 weeks is a convention, the editable default,
    not a rule. A client has at most one active plan per condition; closed plans are kept.
    """

    class Condition(models.TextChoices):
        PIRIFORMIS = "piriformis", _("Piriformis syndrome")
        LOW_BACK = "low_back", _("Low back pain")
        HIP = "hip", _("Hip pain")
        UPPER_LEG = "upper_leg", _("Upper leg pain")
        OTHER = "other", pgettext_lazy("plan condition", "Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("plan status", "Proposed")
        ACTIVE = "active", pgettext_lazy("plan status", "Active")
        PAUSED = "paused", pgettext_lazy("plan status", "Paused")
        COMPLETED = "completed", pgettext_lazy("plan status", "Completed")
        DISCHARGED = "discharged", pgettext_lazy("plan status", "Discharged")
        ABANDONED = "abandoned", pgettext_lazy("plan status", "Abandoned")

    OPEN: ClassVar = (Status.PROPOSED, Status.ACTIVE, Status.PAUSED)

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="plans"
    )
    client = models.ForeignKey("practice.Client", on_delete=models.PROTECT, related_name="plans")
    therapist = models.ForeignKey(
        "practice.Therapist", null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    service = models.ForeignKey(
        "practice.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The service each visit of the plan is booked as."),
    )
    assessment = models.ForeignKey(
        "screening.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    condition = models.CharField(max_length=12, choices=Condition.choices)
    condition_detail = models.CharField(max_length=120, blank=True)
    # The client's own activities ("sit through a film"): the PSFS items of the plan.
    goals = models.JSONField(default=list, blank=True)
    visits_planned = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    weeks = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    frequency_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Days between visits."),
    )
    starts_on = models.DateField()
    review_on = models.DateField()
    # Active clients and athletes (from the intake) get glute work in every session.
    glute_work_every_session = models.BooleanField(default=False)
    # Pain at the start (0–10) until the outcomes instruments take over.
    baseline_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    closing_note = models.TextField(blank=True)
    # The therapist's summary printed on the progress report (for the client or a doctor).
    summary = models.TextField(_("therapist's summary"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=["practice", "status"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["client", "condition"],
                condition=models.Q(status="active"),
                name="one_active_plan_per_condition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} plan of {self.client}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def title(self) -> str:
        detail = f" ({self.condition_detail})" if self.condition_detail else ""
        return f"{self.get_condition_display()}{detail}"


class PlanStatusChange(models.Model):
    """One change of a plan's status, with the reason: the plan's history."""

    plan = models.ForeignKey(PlanOfCare, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, choices=PlanOfCare.Status.choices)
    reason = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("changed_at", "pk")

    def __str__(self) -> str:
        return f"{self.plan.code}: {self.from_status or '—'} → {self.to_status}"

    @property
    def from_label(self) -> str:
        """The status the plan came from, in the reader's language."""
        if self.from_status in PlanOfCare.Status.values:
            return str(PlanOfCare.Status(self.from_status).label)
        return self.from_status


class Nudge(models.Model):
    """One kind reminder to a client drifting off their plan. At most one a week per
    client; the client can opt out (Client.plan_nudges_off_at)."""

    class Reason(models.TextChoices):
        MISSED = "missed", _("Missed a planned visit")
        CANCELLED = "cancelled", _("Cancelled without a new time")
        UNBOOKED = "unbooked", _("Next visit not booked in time")

    practice = models.ForeignKey("practice.Practice", on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey("practice.Client", on_delete=models.CASCADE, related_name="nudges")
    plan = models.ForeignKey(PlanOfCare, on_delete=models.CASCADE, related_name="nudges")
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    appointment = models.ForeignKey(
        "booking.Appointment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The next time proposed in the email (booked in one click if still free).
    proposed_start = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    # While a worker is emailing it (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-sent_at", "-pk")
        indexes: ClassVar = [models.Index(fields=["client", "-sent_at"])]

    def __str__(self) -> str:
        return f"Nudge to {self.client} ({self.reason}) at {self.sent_at:%Y-%m-%d}"
