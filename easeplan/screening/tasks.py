"""Background work of screening: referral letters by email."""

from __future__ import annotations

from django_tasks import task

from easeplan.lib import emails

from .models import Referral


@task()
def send_referral_letter(referral_code: str) -> None:
    """Email a referral letter to the address it was written for; skipped without one."""
    referral = (
        Referral.objects.select_related(
            "practice", "assessment__client", "assessment__therapist", "created_by"
        )
        .filter(code=referral_code)
        .exclude(sent_to="")
        .first()
    )
    if referral is None:
        return
    emails.referral_letter(referral, referral.sent_to)
