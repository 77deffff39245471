"""Messages sent through the public contact form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class ContactMessage(models.Model):
    """A visitor's message to a practice, kept for staff in the inbox."""

    class Topic(models.TextChoices):
        QUESTION = "question", "A question"
        BOOKING = "booking", "Booking a first assessment"
        OTHER = "other", "Something else"

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="contact_messages"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    name = models.CharField(max_length=120)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.QUESTION)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)
    # While a worker is emailing the practice (easeplan.lib.outbox): no lock is held meanwhile.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> {self.created_at:%Y-%m-%d}"
