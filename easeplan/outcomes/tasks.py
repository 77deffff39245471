"""Background work of outcomes: the weekly check-in email."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import AuditEvent
from easeplan.care.nudges import services as nudges
from easeplan.lib import emails

from .checkins import links, services
from .models import CheckIn

EMAILED = "outcomes.checkin.emailed"


@task()
def send_weekly_checkin(checkin_id: int) -> None:
    """Email one weekly check-in's link, at most once, and only if it is still wanted.

    Under the check-in's row lock: the audit entry "outcomes.checkin.emailed", written in
    the transaction that sends, marks it sent, so a retried or duplicated task does
    nothing. A check-in no longer wanted (the client completed another one or turned plan
    emails off, the plan closed) is removed, so it doesn't count towards the weekly limit.
    """
    now = timezone.now()
    with transaction.atomic():
        if CheckIn.objects.select_for_update().filter(pk=checkin_id).first() is None:
            return
        checkin = CheckIn.objects.select_related("client", "practice", "plan").get(pk=checkin_id)
        if AuditEvent.objects.filter(
            action=EMAILED, object_type="outcomes.checkin", object_id=checkin.code
        ).exists():
            return
        if not services.still_wanted(checkin, now):
            log_action(None, "outcomes.checkin.withdrawn", checkin, {"kind": checkin.kind})
            checkin.delete()
            return
        log_action(None, EMAILED, checkin, {"kind": checkin.kind})
        # Sent inside the transaction: if the mail server refuses, nothing is marked.
        emails.weekly_checkin(checkin, email_context(checkin))


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
