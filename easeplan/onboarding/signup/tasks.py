"""Background work of hosted sign-up: the verification email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import outbox

from ..models import SignupRequest
from . import emails


@task()
def send_signup_link(code: str, language: str = "") -> None:
    """Email a sign-up request its link, once: claimed in a short transaction, sent
    outside it, then marked (easeplan.lib.outbox). `language` is the page's, where the
    person asked for it."""
    now = timezone.now()
    pending = SignupRequest.objects.filter(code=code, sent_at__isnull=True, used_at__isnull=True)
    with transaction.atomic():
        found = pending.select_for_update().first()
        if found is None or not outbox.claim(SignupRequest.objects.filter(pk=found.pk), now):
            return
    outbox.send_claimed(
        SignupRequest.objects.filter(pk=found.pk),
        now,
        send=lambda: emails.signup_link(found, language),
        mark=lambda: pending.update(sent_at=now),
    )
