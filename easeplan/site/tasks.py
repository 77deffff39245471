"""Background work of the public site."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import outbox

from . import emails
from .models import ContactMessage


@task()
def notify_practice_of_message(message_code: str) -> None:
    """Email the practice about a contact message, once: re-checks and claims it in a
    short transaction, emails outside it and marks it (easeplan.lib.outbox)."""
    now = timezone.now()
    pending = ContactMessage.objects.filter(code=message_code, notified_at__isnull=True)
    with transaction.atomic():
        message = pending.select_for_update().select_related("practice").first()
        if message is None or not outbox.claim(ContactMessage.objects.filter(pk=message.pk), now):
            return
    outbox.send_claimed(
        ContactMessage.objects.filter(pk=message.pk),
        now,
        send=lambda: emails.contact_received(message),
        mark=lambda: pending.update(notified_at=now),
    )
