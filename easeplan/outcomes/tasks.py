"""Background work of outcomes: the weekly check-in email."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import AuditEvent
from easeplan.care.nudges import services as nudges
from easeplan.lib import emails, outbox

from .checkins import links, services
from .models import CheckIn

EMAILED = "outcomes.checkin.emailed"


@task()
def send_weekly_checkin(checkin_id: int) -> None:
    """Email one weekly check-in's link, at most once, and only if it is still wanted.

    Claimed in a short transaction, emailed outside it (easeplan.lib.outbox): the audit
    entry "outcomes.checkin.emailed", written once the mail server has taken it, marks it
    sent, so a retried or duplicated task does nothing. A check-in no longer wanted (the
    client completed another one or turned plan emails off, the plan closed) is removed,
    so it doesn't count towards the weekly limit.
    """
    now = timezone.now()
    checkin = _claim(checkin_id, now)
    if checkin is None:
        return
    outbox.send_claimed(
        CheckIn.objects.filter(pk=checkin_id),
        now,
        send=lambda: emails.weekly_checkin(checkin, email_context(checkin)),
        mark=lambda: log_action(None, EMAILED, checkin, {"kind": checkin.kind}),
    )


def _claim(checkin_id: int, now: dt.datetime) -> CheckIn | None:
    """The check-in, claimed for this worker; None if it is gone, emailed, being emailed
    by another worker or no longer wanted."""
    with transaction.atomic():
        if CheckIn.objects.select_for_update().filter(pk=checkin_id).first() is None:
            return None
        checkin = CheckIn.objects.select_related("client", "practice", "plan").get(pk=checkin_id)
        if AuditEvent.objects.filter(
            action=EMAILED, object_type="outcomes.checkin", object_id=checkin.code
        ).exists():
            return None
        if not services.still_wanted(checkin, now):
            log_action(None, "outcomes.checkin.withdrawn", checkin, {"kind": checkin.kind})
            checkin.delete()
            return None
        if not outbox.claim(CheckIn.objects.filter(pk=checkin_id), now):
            return None
    return checkin


def email_context(checkin: CheckIn) -> dict[str, object]:
    """What the email says: the client's first name, the plan's name, the link and until
    when it works, how many questions, and how to stop plan emails. No answers, no visits."""
    asked = services.questions_for(checkin.plan, None, checkin.sent_at or timezone.now())
    return {
        "client": checkin.client,
        "practice": checkin.practice,
        "plan": checkin.plan,
        "checkin_url": links.checkin_url(checkin),
        "expires_at": checkin.expires_at,
        "questions": services.question_count(asked),
        "stop_url": nudges.stop_url(checkin.client),
    }
