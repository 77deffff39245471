"""Background work of the public site."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import emails

from .models import ContactMessage


@task()
def notify_practice_of_message(message_code: str) -> None:
    """Email the practice about a contact message, once: re-checks before sending."""
    with transaction.atomic():
        message = (
            ContactMessage.objects.select_for_update()
            .select_related("practice")
            .filter(code=message_code, notified_at__isnull=True)
            .first()
        )
        if message is None:
            return
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at"])
        emails.contact_received(message)
