"""Keeping clients on their plan: who is drifting, the weekly nudge, abandoned plans.

The rules are in care/nudges/rules.py (pure); this module reads plans and visits from the
database, applies them, and acts. `manage.py keep_clients_on_plan` runs it daily.

A nudge is created under a lock on the client's row (on SQLite the IMMEDIATE transaction
holds the write lock), after re-reading the plan, its visits and the client's last nudge,
so two runs at once send one nudge. The email goes out after commit from a task that
re-checks before sending (`send_nudge`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django_tasks import task

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import AuditEvent, User
from easeplan.booking import availability
from easeplan.booking import services as booking
from easeplan.booking.models import Appointment
from easeplan.booking.tasks import send_booking_confirmation
from easeplan.lib import outbox
from easeplan.lib.locks import lock, refresh_for_update
from easeplan.practice.models import Client, Practice, Service, Therapist
from easeplan.screening.holds import services as holds

from ..models import Nudge, PlanOfCare
from ..plans.services import PlanRefused, change_status, progress_of
from . import emails
from . import rules as drift

logger = logging.getLogger(__name__)

Status = PlanOfCare.Status
BOOK_SALT = "easeplan.care.nudge-book"
STOP_SALT = "easeplan.care.nudges-off"
BOOK_LINK_DAYS = 14
# The proposed next time: the free time nearest the ideal one, from a few days before it
# (never before tomorrow) to two weeks after.
EARLIER_DAYS, LATER_DAYS = 3, 14
STATS_DAYS = 90
CHUNK = 500  # plans read at a time by the daily run


# -- reading plans as drift sees them -----------------------------------------------------


def shape_of(plan: PlanOfCare) -> drift.PlanShape:
    return drift.PlanShape(
        visits_planned=plan.visits_planned,
        frequency_days=plan.frequency_days,
        starts_on=plan.starts_on,
        zone=plan.practice.zone,
        abandoned_after_days=plan.practice.plan_abandoned_after_days,
    )


def visit_of(appointment: Appointment) -> drift.Visit:
    return drift.Visit(
        ref=appointment.code,
        starts=appointment.starts_at,
        status=drift.VisitStatus(appointment.status),
        booked_at=appointment.created_at,
        cancelled_at=appointment.cancelled_at,
    )


def drift_of(
    plan: PlanOfCare, visits: Iterable[Appointment], now: dt.datetime
) -> drift.Drift | None:
    """Whether the client of an active plan is drifting (None for other statuses)."""
    if plan.status != Status.ACTIVE:
        return None
    return drift.drift(shape_of(plan), [visit_of(v) for v in visits], now)


def _active_plans() -> QuerySet[PlanOfCare]:
    """Active plans with what drift needs, in two queries however many there are."""
    visits = Appointment.objects.order_by("starts_at")
    return (
        PlanOfCare.objects.filter(status=Status.ACTIVE)
        .select_related("practice", "client", "therapist", "service")
        .prefetch_related(Prefetch("visits", queryset=visits))
        .order_by("pk")
    )


# -- the dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class DriftingClient:
    """One row of the dashboard's "drifting off their plan" list."""

    client: Client
    plan: PlanOfCare
    drift: drift.Drift
    last_nudge: Nudge | None

    @property
    def reason(self) -> str:
        return drift_summary(self.drift)

    @property
    def since(self) -> dt.datetime:
        return self.drift.since


def drift_summary(found: drift.Drift) -> str:
    """Why the client is drifting, in words for the therapist, in the page's language:
    "Missed the visit on Tue 3 Dec; not rebooked"."""
    message, days = found.summary_parts
    return gettext(message) % {
        name: date_format(moment.astimezone(found.zone), "D j M") for name, moment in days.items()
    }


def drifting_clients(practice: Practice, now: dt.datetime) -> list[DriftingClient]:
    """The practice's clients drifting off an active plan, longest first (three queries)."""
    found = []
    for plan in _active_plans().filter(practice=practice):
        drifting = drift_of(plan, plan.visits.all(), now)
        if drifting is not None:
            found.append((plan, drifting))
    last: dict[int, Nudge] = {}
    nudges = Nudge.objects.filter(plan__in=[plan for plan, _ in found]).order_by("sent_at")
    for nudge in nudges:
        last[nudge.plan_id] = nudge
    rows = [DriftingClient(plan.client, plan, d, last.get(plan.pk)) for plan, d in found]
    return sorted(rows, key=lambda row: row.since)


def plan_statistics(practice: Practice, now: dt.datetime) -> dict[str, int]:
    """Plans by status, and those abandoned in the last 90 days (one query)."""
    recent = now - dt.timedelta(days=STATS_DAYS)
    counts = {
        status: Count("pk", filter=Q(status=status))
        for status in (Status.ACTIVE, Status.COMPLETED, Status.DISCHARGED, Status.ABANDONED)
    }
    return PlanOfCare.objects.filter(practice=practice).aggregate(
        **counts,
        abandoned_recently=Count(
            "pk", filter=Q(status=Status.ABANDONED, status_changed_at__gte=recent)
        ),
    )


# -- nudges -------------------------------------------------------------------------------


def send_due_nudges(now: dt.datetime | None = None) -> int:
    """Nudge every client drifting off an active plan, if the weekly rule allows; returns
    how many nudges were made. Safe to run any time, and twice at once."""
    now = now or timezone.now()
    made = 0
    for plan in _active_plans().iterator(chunk_size=CHUNK):
        if plan.client.plan_nudges_off_at is not None:
            continue
        if drift_of(plan, plan.visits.all(), now) is None:
            continue
        try:
            made += nudge_client(plan, now=now) is not None
        except Exception:  # one bad plan must not hold back everyone else's nudge
            logger.exception("Plan %s could not be nudged", plan.code)
    return made


def nudge_client(plan: PlanOfCare, *, now: dt.datetime) -> Nudge | None:
    """Make one nudge for `plan`'s drifting client and email it after commit, or None when
    the client is on plan, opted out, was nudged in the last 7 days, was already nudged
    for this very reason (one nudge per missed visit, per cancellation, per gap), or is
    held by a red flag (screening.holds: no booking online until a clinician clears it)."""
    with transaction.atomic():
        client = lock(Client, pk=plan.client_id)
        fresh = _active_plans().filter(pk=plan.pk).first()
        if fresh is None:
            return None
        visits = list(fresh.visits.all())
        drifting = drift_of(fresh, visits, now)
        if drifting is None:
            return None
        last = client.nudges.order_by("-sent_at").values_list("sent_at", flat=True).first()
        if not drift.may_nudge(last, client.plan_nudges_off_at is not None, now):
            return None
        if holds.stop_for(client=client) is not None:  # the practice calls them instead
            return None
        about = next((v for v in visits if drifting.visit and v.code == drifting.visit.ref), None)
        reason = drifting.reason.value
        if Nudge.objects.filter(plan=fresh, reason=reason, appointment=about).exists():
            return None
        nudge = Nudge.objects.create(
            practice=fresh.practice,
            client=client,
            plan=fresh,
            reason=reason,
            appointment=about,
            proposed_start=propose_time(fresh, drifting, about, now=now),
            sent_at=now,
        )
        log_action(None, "care.nudge.created", nudge, {"reason": reason})
        transaction.on_commit(lambda: send_nudge.enqueue(nudge.pk))
    return nudge


def booking_parties(
    plan: PlanOfCare, appointment: Appointment | None
) -> tuple[Therapist, Service] | None:
    """Who and what a visit of the plan is booked with online: the plan's therapist and
    service, else those of the visit the nudge is about; None if they can't be booked."""
    therapist = plan.therapist or (appointment.therapist if appointment else None)
    service = plan.service or (appointment.service if appointment else None)
    if therapist is None or service is None:
        return None
    if not (therapist.is_active and service.is_active and service.bookable_online):
        return None
    return therapist, service


def propose_time(
    plan: PlanOfCare, drifting: drift.Drift, about: Appointment | None, *, now: dt.datetime
) -> dt.datetime | None:
    """The free time nearest the ideal next visit, bookable online; None if none."""
    parties = booking_parties(plan, about)
    if parties is None:
        return None
    therapist, service = parties
    tomorrow = drift.local_midnight(now.astimezone(drifting.zone).date(), drifting.zone)
    tomorrow += dt.timedelta(days=1)
    start = max(tomorrow, drifting.next_at - dt.timedelta(days=EARLIER_DAYS))
    end = drifting.next_at + dt.timedelta(days=LATER_DAYS)
    return drift.nearest(
        availability.free_times(therapist, service, start, end, now=now), drifting.next_at
    )


def still_wanted(nudge: Nudge, now: dt.datetime) -> bool:
    """Whether a nudge should still be emailed: plan active, client not opted out, and
    still drifting (they may have booked since it was made)."""
    plan = nudge.plan
    if nudge.client.plan_nudges_off_at is not None or plan.status != Status.ACTIVE:
        return False
    return drift_of(plan, plan.visits.order_by("starts_at"), now) is not None


# -- the links in the email ---------------------------------------------------------------


def book_token(nudge: Nudge) -> str:
    return signing.TimestampSigner(salt=BOOK_SALT).sign_object(nudge.code)


def book_url(nudge: Nudge) -> str:
    return f"{settings.SITE_URL}{reverse('nudges:book', args=[book_token(nudge)])}"


def nudge_for_token(token: str) -> Nudge | None:
    """The nudge a one-click link names, or None if tampered, foreign or expired."""
    try:
        code = signing.TimestampSigner(salt=BOOK_SALT).unsign_object(
            token, max_age=dt.timedelta(days=BOOK_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    return (
        Nudge.objects.select_related(
            "practice",
            "client",
            "appointment__therapist",
            "appointment__service",
            "plan__therapist",
            "plan__service",
            "plan__practice",
        )
        .filter(code=code)
        .first()
    )


def stop_token(client: Client) -> str:
    """The opt-out link never expires: stopping reminders must always work."""
    return signing.Signer(salt=STOP_SALT).sign_object(client.code)


def stop_url(client: Client) -> str:
    return f"{settings.SITE_URL}{reverse('nudges:stop', args=[stop_token(client)])}"


def client_for_stop_token(token: str) -> Client | None:
    try:
        code = signing.Signer(salt=STOP_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return Client.objects.select_related("practice").filter(code=code).first()


def email_context(nudge: Nudge, now: dt.datetime) -> dict[str, Any]:
    """What the nudge email says: the missed or cancelled visit, where the client is in
    the plan, the proposed time and the links. Nothing clinical beyond the plan's name."""
    plan = nudge.plan
    parties = booking_parties(plan, nudge.appointment)
    return {
        "nudge": nudge,
        "client": nudge.client,
        "practice": nudge.practice,
        "plan": plan,
        "progress": progress_of(plan, list(plan.visits.all()), now),
        "therapist": parties[0] if parties else None,
        "proposed": nudge.proposed_start if parties else None,
        "book_url": book_url(nudge),
        "stop_url": stop_url(nudge.client),
    }


# -- emailing a nudge ---------------------------------------------------------------------

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
        send=lambda: emails.plan_nudge(nudge, email_context(nudge, now)),
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
        if not still_wanted(nudge, now):
            log_action(None, "care.nudge.withdrawn", nudge, {"reason": nudge.reason})
            nudge.delete()
            return None
        if not outbox.claim(Nudge.objects.filter(pk=nudge_id), now):
            return None
    return nudge


# -- what the client does from the email --------------------------------------------------


def booked_since(nudge: Nudge, now: dt.datetime) -> Appointment | None:
    """The upcoming plan visit booked since the nudge was sent (from its link or any
    other way), if any. Visits of the series booked before the nudge don't count: they
    don't replace the missed one."""
    return (
        nudge.plan.visits.filter(
            status=Appointment.Status.BOOKED, starts_at__gt=now, created_at__gte=nudge.sent_at
        )
        .select_related("therapist", "service")
        .order_by("starts_at")
        .first()
    )


def book_from_nudge(
    nudge: Nudge, start: dt.datetime, *, actor: User | None, now: dt.datetime | None = None
) -> Appointment:
    """Book the next visit of the nudge's plan at `start` (the proposed time, or one the
    client chose instead), as a visit of the plan. A second click books nothing more: it
    answers the visit already booked. Raises BookingRefused (with alternatives)."""
    now = now or timezone.now()
    with transaction.atomic():
        lock(Client, pk=nudge.client_id)
        plan = nudge.plan
        booked = booked_since(nudge, now)
        if booked is not None:
            return booked
        if plan.status != Status.ACTIVE:
            raise booking.BookingRefused(
                gettext(
                    "This plan is no longer active. Please contact %(practice)s to book your "
                    "next visit."
                )
                % {"practice": nudge.practice.name}
            )
        parties = booking_parties(plan, nudge.appointment)
        if parties is None:
            raise booking.BookingRefused(
                gettext("Please contact %(practice)s to book your next visit.")
                % {"practice": nudge.practice.name}
            )
        therapist, service = parties
        visit = booking.book_appointment(
            nudge.client, therapist, service, start, actor=actor, now=now
        )
        visit.plan = plan
        visit.save(update_fields=["plan"])
        log_action(actor, "care.nudge.booked", nudge, {"appointment": visit.code})
        transaction.on_commit(lambda: send_booking_confirmation.enqueue(visit.code, ""))
    return visit


def set_nudges(
    client: Client,
    on: bool,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> None:
    """Turn plan reminders on or off for `client` (off: `plan_nudges_off_at` is set)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = refresh_for_update(client)
        if (locked.plan_nudges_off_at is None) == on:
            client.plan_nudges_off_at = locked.plan_nudges_off_at
            return
        locked.plan_nudges_off_at = None if on else now
        locked.save(update_fields=["plan_nudges_off_at"])
        client.plan_nudges_off_at = locked.plan_nudges_off_at
        action = "care.nudges.turned_on" if on else "care.nudges.turned_off"
        log_action(actor, action, locked, audit=audit)


# -- abandoned plans ----------------------------------------------------------------------


def abandon_stale_plans(now: dt.datetime | None = None) -> int:
    """Mark abandoned every active plan with no visit for its practice's
    `plan_abandoned_after_days` and nothing booked; returns how many."""
    now = now or timezone.now()
    stale = [
        plan
        for plan in _active_plans().iterator(chunk_size=CHUNK)
        if abandoned_because(plan, plan.visits.all(), now)
    ]
    return sum(_abandon(plan, now) for plan in stale)


def abandoned_because(
    plan: PlanOfCare, visits: Iterable[Appointment], now: dt.datetime
) -> str | None:
    """Why the plan counts as abandoned, in the practice's language (the reason is kept on
    the plan, for its staff to read), or None if it does not."""
    found = drift.abandonment(shape_of(plan), [visit_of(v) for v in visits], now)
    if found is None:
        return None
    with translation.override(plan.practice.language or settings.LANGUAGE_CODE):
        values = {"days": found.days, "day": date_format(found.anchor, "j F Y")}
        if found.after_visit:
            reason = ngettext(
                "No visit for %(days)s day since the last visit on %(day)s, and nothing booked.",
                "No visit for %(days)s days since the last visit on %(day)s, and nothing booked.",
                found.days,
            )
        else:
            reason = ngettext(
                "No visit for %(days)s day since the plan started on %(day)s, and nothing booked.",
                "No visit for %(days)s days since the plan started on %(day)s, and nothing booked.",
                found.days,
            )
        return reason % values


def _abandon(plan: PlanOfCare, now: dt.datetime) -> bool:
    """Re-check under the plan's lock (a visit may have been booked since), then abandon."""
    with transaction.atomic():
        locked = PlanOfCare.objects.select_for_update().filter(pk=plan.pk, status=Status.ACTIVE)
        if locked.first() is None:
            return False
        reason = abandoned_because(plan, plan.visits.order_by("starts_at"), now)
        if reason is None:
            return False
        try:
            change_status(plan, Status.ABANDONED, reason=reason, actor=None, now=now)
        except PlanRefused:
            logger.exception("Plan %s could not be marked abandoned", plan.code)
            return False
    return True
