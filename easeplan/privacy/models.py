"""A client's request to have their account deleted, and what became of it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class DeletionRequest(models.Model):
    """Asked for by the client; carried out by the practice. Carrying it out deletes the
    login and everything that is not a clinical record at once; clinical records are kept
    for the practice's retention period (Practice.record_retention_years), then purged."""

    class Status(models.TextChoices):
        REQUESTED = "requested", gettext_lazy("Requested")
        DONE = "done", gettext_lazy("Carried out")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="deletion_requests"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="deletion_requests"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at", "-pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="requested"),
                name="one_open_deletion_request_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Deletion request of {self.client} ({self.status})"
