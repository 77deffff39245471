"""The weekly check-in: who is due one, making it, and emailing its link.

At most one a week per client with an active plan and plan emails on, made under a lock
on the client's row, emailed after commit by `send_weekly_checkin`, which re-checks
before sending. `manage.py send_weekly_checkins` runs it daily.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import AuditEvent
from easeplan.care.models import PlanOfCare
from easeplan.lib import outbox
from easeplan.lib.locks import lock
from easeplan.practice.models import Client

from ..models import CheckIn
from . import emails

logger = logging.getLogger(__name__)

Kind = CheckIn.Kind
# At most one weekly check-in a week; its link opens the form for a week. The slack
# keeps a daily run that starts a little earlier than last week's (a few seconds, or an
# hour when the clocks go forward under a cron in local time) from pushing the check-in
# to the eighth day.
WEEKLY_EVERY = dt.timedelta(days=7)
WEEKLY_SLACK = dt.timedelta(hours=1)
WEEKLY_OPEN_FOR = dt.timedelta(days=7)
CHUNK = 500
EMAILED = "outcomes.checkin.emailed"


def send_weekly_checkins(now: dt.datetime | None = None) -> int:
    """Invite every client with an active plan to a weekly check-in when one is due: no
    check-in completed and no weekly one sent in the last 7 days, plan emails not turned
    off. Returns how many were made. Safe to run any time, and twice at once."""
    now = now or timezone.now()
    made = 0
    for plan in _due_plans(now):
        try:
            made += invite(plan, now=now) is not None
        except Exception:  # one bad plan must not hold back everyone else's check-in
            logger.exception("Plan %s: the weekly check-in could not be made", plan.code)
    return made


def _recent(client: Any, now: dt.datetime) -> Any:
    """The client's check-ins that make a weekly one not due: completed, or weekly and
    sent, in the last 7 days."""
    week_ago = now - WEEKLY_EVERY
    return CheckIn.objects.filter(client=client).filter(
        Q(completed_at__gt=week_ago) | Q(kind=Kind.WEEKLY, sent_at__gt=week_ago + WEEKLY_SLACK)
    )


def _due_plans(now: dt.datetime) -> list[PlanOfCare]:
    """One active plan (the newest) per client due a weekly check-in."""
    plans = (
        PlanOfCare.objects.filter(
            status=PlanOfCare.Status.ACTIVE, client__plan_nudges_off_at__isnull=True
        )
        .filter(~Exists(_recent(OuterRef("client"), now)))
        .order_by("client_id", "-created_at", "-pk")
    )
    chosen: dict[int, PlanOfCare] = {}
    for plan in plans.iterator(chunk_size=CHUNK):
        chosen.setdefault(plan.client_id, plan)
    return list(chosen.values())


def may_invite(client: Client, now: dt.datetime) -> bool:
    """Whether `client` may get a weekly check-in now (plan emails on, none recent)."""
    return client.plan_nudges_off_at is None and not _recent(client, now).exists()


def invite(plan: PlanOfCare, *, now: dt.datetime) -> CheckIn | None:
    """Make the weekly check-in of `plan`'s client and email its link after commit; None
    when it is not due (re-checked under the client's lock)."""
    with transaction.atomic():
        client = lock(Client, pk=plan.client_id)
        fresh = PlanOfCare.objects.filter(pk=plan.pk, status=PlanOfCare.Status.ACTIVE).first()
        if fresh is None or not may_invite(client, now):
            return None
        checkin = CheckIn.objects.create(
            practice_id=fresh.practice_id,
            client=client,
            plan=fresh,
            kind=Kind.WEEKLY,
            sent_at=now,
            expires_at=now + WEEKLY_OPEN_FOR,
            created_at=now,
        )
        log_action(None, "outcomes.checkin.sent", checkin, {"kind": Kind.WEEKLY})
        transaction.on_commit(lambda: send_weekly_checkin.enqueue(checkin.pk))
    return checkin


def still_wanted(checkin: CheckIn, now: dt.datetime) -> bool:
    """Whether a weekly check-in should still be emailed: open, plan active, plan emails
    on, and no other check-in completed in the week before."""
    plan = checkin.plan
    if checkin.completed_at is not None or checkin.expires_at is None:
        return False
    if checkin.expires_at <= now or plan is None or plan.status != PlanOfCare.Status.ACTIVE:
        return False
    if checkin.client.plan_nudges_off_at is not None:
        return False
    week_ago = now - WEEKLY_EVERY
    others = CheckIn.objects.filter(client_id=checkin.client_id, completed_at__gt=week_ago)
    return not others.exclude(pk=checkin.pk).exists()


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
        send=lambda: emails.weekly_checkin(checkin),
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
        if not still_wanted(checkin, now):
            log_action(None, "outcomes.checkin.withdrawn", checkin, {"kind": checkin.kind})
            checkin.delete()
            return None
        if not outbox.claim(CheckIn.objects.filter(pk=checkin_id), now):
            return None
    return checkin
