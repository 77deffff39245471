"""Background work of screening: referral letters by email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.lib import emails

from .models import Referral


@task()
def send_referral_letter(referral_code: str) -> None:
    """Email a referral letter to the address it was written for, once: the row is marked
    in the transaction that sends it, so a repeated or retried task sends nothing more."""
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("practice", "assessment__client", "assessment__therapist", "created_by")
            .filter(code=referral_code, emailed_at__isnull=True)
            .exclude(sent_to="")
            .first()
        )
        if referral is None:
            return
        emails.referral_letter(referral, referral.sent_to)
        referral.emailed_at = timezone.now()
        referral.save(update_fields=["emailed_at"])
