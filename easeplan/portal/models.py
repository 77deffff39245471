"""Messages from the practice to a client, read in the client's portal."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from easeplan.lib.codes import new_code
from easeplan.practice.querysets import PracticeQuerySet


class Message(models.Model):
    """A message staff send to one client. The email only says a message is waiting; the
    words are read after signing in, so nothing personal travels by email."""

    practice = models.ForeignKey(
        "practice.Practice", on_delete=models.CASCADE, related_name="client_messages"
    )
    client = models.ForeignKey(
        "practice.Client", on_delete=models.CASCADE, related_name="messages_received"
    )
    code = models.CharField(max_length=16, unique=True, default=new_code, editable=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=120)
    body = models.TextField(max_length=4000)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ("-sent_at", "-pk")
        indexes: ClassVar = [models.Index(fields=["client", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.client}"
