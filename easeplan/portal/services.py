"""Messages from the practice: send one to a client, and mark it read.

The words stay in easeplan: the email only says a message is waiting, with a link that
opens it after signing in, so nothing personal travels by email. A client without an
account gets no email; the message waits for them in their account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Client

from . import emails
from .models import Message

# The same words to the same client within this time are one message sent twice.
RESEND = dt.timedelta(minutes=10)


class MessageRefused(Refused):
    """A message that can't be sent, with the reason in words; nothing was saved."""


def can_email(client: Client) -> bool:
    """Whether the client can be told by email: they have an account to sign in to."""
    return client.user_id is not None and bool(_address(client))


def _address(client: Client) -> str:
    return client.email or (client.user.email if client.user is not None else "")


def send_message(
    client: Client,
    *,
    subject: str,
    body: str,
    sender: Any,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Message:
    """Save a message from `sender` (staff of the client's practice) and, after commit,
    email the client that it is waiting. Refused for an erased record."""
    subject, body = subject.strip(), body.strip()
    if client.erased_at is not None:
        raise MessageRefused(_("This client's record was erased, so they can't get messages."))
    if not subject or not body:
        raise MessageRefused(_("Write a subject and a message."))
    now = now or timezone.now()
    staff = signed_in(sender)
    with transaction.atomic():
        # One send at a time per client, so a double click finds the first and sends once.
        Client.objects.select_for_update().filter(pk=client.pk).exists()
        same = Message.objects.filter(
            client=client, sender=staff, subject=subject, body=body, sent_at__gte=now - RESEND
        ).first()
        if same is not None:
            return same
        message = Message.objects.create(
            practice_id=client.practice_id,
            client=client,
            sender=staff,
            subject=subject,
            body=body,
            sent_at=now,
        )
        emailed = can_email(client)
        # No subject or words in the trail either: they may be health information.
        data = {"client": client.code, "emailed": emailed}
        log_action(sender, "portal.message.sent", message, data, audit=audit)
        if emailed:
            transaction.on_commit(lambda: notify_client(message))
    return message


def message_url(message: Message) -> str:
    """The absolute link to the message in the client's account (sign-in first)."""
    return f"{settings.SITE_URL}{reverse('portal:message', args=[message.code])}"


def notify_client(message: Message) -> None:
    """Email the client that a message is waiting: the practice's name and the link only."""
    emails.practice_message(message, _address(message.client), message_url(message))


def mark_read(message: Message, *, reader: Any, now: dt.datetime | None = None) -> bool:
    """Mark `message` read the first time its client opens it; True when this did it.
    A conditional update, so two tabs opening it at once record one reading."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        if changed:
            message.read_at = now
            log_action(reader, "portal.message.read", message)
    return bool(changed)
