"""Background work of screening: referral letters by email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import emails, outbox

from .models import Referral


@task()
def send_referral_letter(referral_code: str) -> None:
    """Email a referral letter to the address it was written for, once: the row is
    claimed in a short transaction, emailed outside it and marked once the mail server
    has taken it (easeplan.lib.outbox), so a repeated or retried task sends nothing more."""
    now = timezone.now()
    pending = Referral.objects.filter(code=referral_code, emailed_at__isnull=True).exclude(
        sent_to=""
    )
    with transaction.atomic():
        referral = (
            pending.select_for_update(of=("self",))
            .select_related("practice", "assessment__client", "assessment__therapist", "created_by")
            .first()
        )
        if referral is None or not outbox.claim(Referral.objects.filter(pk=referral.pk), now):
            return
    outbox.send_claimed(
        Referral.objects.filter(pk=referral.pk),
        now,
        send=lambda: emails.referral_letter(referral, referral.sent_to),
        mark=lambda: pending.update(emailed_at=timezone.now()),
    )
