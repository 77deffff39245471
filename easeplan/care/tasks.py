"""Background work of care: the nudge email to a client drifting off their plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import AuditEvent
from easeplan.lib import emails, outbox

from .models import Nudge
from .nudges import services as nudges

EMAILED = "care.nudge.emailed"


@task()
def send_nudge(nudge_id: int) -> None:
    """Email one nudge, at most once, and only if it is still wanted.

    Claimed in a short transaction, emailed outside it (easeplan.lib.outbox): an audit
    entry "care.nudge.emailed", written once the mail server has taken it, marks it sent,
    so a retried or duplicated task does nothing. A nudge no longer wanted (the client
    booked or opted out, the plan closed) is removed, so it doesn't count towards the
    weekly limit.
    """
    now = timezone.now()
    nudge = _claim(nudge_id, now)
    if nudge is None:
        return
    outbox.send_claimed(
        Nudge.objects.filter(pk=nudge_id),
        now,
        send=lambda: emails.plan_nudge(nudge, nudges.email_context(nudge, now)),
        mark=lambda: log_action(None, EMAILED, nudge, {"reason": nudge.reason}),
    )


def _claim(nudge_id: int, now: dt.datetime) -> Nudge | None:
    """The nudge, claimed for this worker; None if it is gone, emailed, being emailed by
    another worker or no longer wanted."""
    with transaction.atomic():
        if Nudge.objects.select_for_update().filter(pk=nudge_id).first() is None:
            return None
        nudge = Nudge.objects.select_related(
            "practice",
            "client",
            "plan__practice",
            "plan__therapist",
            "plan__service",
            "appointment__therapist",
            "appointment__service",
        ).get(pk=nudge_id)
        if AuditEvent.objects.filter(
            action=EMAILED, object_type="care.nudge", object_id=nudge.code
        ).exists():
            return None
        if not nudges.still_wanted(nudge, now):
            log_action(None, "care.nudge.withdrawn", nudge, {"reason": nudge.reason})
            nudge.delete()
            return None
        if not outbox.claim(Nudge.objects.filter(pk=nudge_id), now):
            return None
    return nudge
