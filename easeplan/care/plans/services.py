"""Plans of care: create, change and close them. One transaction and an audit entry each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.lib.integrity import violates
from easeplan.lib.locks import refresh_for_update
from easeplan.practice.models import Client

from ..models import PlanOfCare, PlanStatusChange
from . import rules as plans

Status = PlanOfCare.Status

# Which status a plan may go to from each status. Closed plans stay closed, except an
# abandoned plan the client comes back to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.ACTIVE, Status.ABANDONED}),
    Status.ACTIVE: frozenset(
        {Status.PAUSED, Status.COMPLETED, Status.DISCHARGED, Status.ABANDONED}
    ),
    Status.PAUSED: frozenset({Status.ACTIVE, Status.DISCHARGED, Status.ABANDONED}),
    Status.COMPLETED: frozenset({Status.ACTIVE, Status.DISCHARGED}),
    Status.DISCHARGED: frozenset(),
    Status.ABANDONED: frozenset({Status.ACTIVE}),
}
ERASED = gettext_lazy(
    "This client's account was deleted at their request: no plan can start or restart."
)
# A reason is asked for whenever a plan stops or pauses.
NEEDS_REASON = frozenset({Status.PAUSED, Status.DISCHARGED, Status.ABANDONED})
ONE_ACTIVE = "one_active_plan_per_condition"


class PlanRefused(Exception):
    """A change to a plan that can't be made, with the reason in words."""


@dataclass(frozen=True)
class PlanTerms:
    """What a therapist sets in a plan. The one list of those fields: each is the plan's
    field of the same name and the plan form's field of the same name."""

    condition: str
    condition_detail: str
    goals: list[str]
    visits_planned: int
    weeks: int
    frequency_days: int
    starts_on: dt.date
    review_on: dt.date
    glute_work_every_session: bool
    baseline_pain: int | None
    therapist: Any = None
    service: Any = None

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def values(self) -> dict[str, Any]:
        """The plan's field values."""
        return {name: getattr(self, name) for name in self.names()}


def create_plan(
    client: Client,
    terms: PlanTerms,
    *,
    actor: User | None,
    assessment: Any = None,
    activate: bool = False,
    audit: AuditContext | None = None,
) -> PlanOfCare:
    """A new plan for `client`: proposed, or active at once when `activate`."""
    if client.erased_at is not None:
        raise PlanRefused(str(ERASED))
    status = Status.ACTIVE if activate else Status.PROPOSED
    try:
        with transaction.atomic():
            plan = PlanOfCare.objects.create(
                practice=client.practice,
                client=client,
                assessment=assessment,
                status=status,
                created_by=signed_in(actor),
                **terms.values(),
            )
            PlanStatusChange.objects.create(plan=plan, to_status=status, changed_by=plan.created_by)
            log_action(actor, "care.plan.created", plan, {"status": status}, audit=audit)
    except IntegrityError as clash:
        if not violates(clash, PlanOfCare, ONE_ACTIVE):
            raise
        raise PlanRefused(_already_active(client, terms.condition)) from clash
    return plan


def update_plan(
    plan: PlanOfCare, terms: PlanTerms, *, actor: User | None, audit: AuditContext | None = None
) -> None:
    """Change what a plan sets out; closed plans are kept as they were."""
    try:
        with transaction.atomic():
            locked = refresh_for_update(plan)
            if not locked.is_open:
                label = locked.get_status_display().lower()
                raise PlanRefused(
                    gettext("This plan is %(status)s; it can't change.") % {"status": label}
                )
            values = terms.values()
            for name, value in values.items():
                setattr(plan, name, value)
            plan.save(update_fields=list(values))
            log_action(actor, "care.plan.updated", plan, audit=audit)
    except IntegrityError as clash:
        if not violates(clash, PlanOfCare, ONE_ACTIVE):
            raise
        raise PlanRefused(_already_active(plan.client, terms.condition)) from clash


def change_status(
    plan: PlanOfCare,
    to_status: str,
    *,
    reason: str = "",
    actor: User | None = None,
    now: dt.datetime | None = None,
    closing_note: str = "",
    audit: AuditContext | None = None,
) -> PlanOfCare:
    """Move a plan to `to_status`, keeping the change and its reason in the history.

    Refuses transitions that make no sense (a discharged plan can't restart), a stop or
    pause without a reason, and a second active plan for the same condition.
    """
    now = now or timezone.now()
    reason = reason.strip()
    try:
        with transaction.atomic():
            plan = refresh_for_update(plan)
            _check_transition(plan, to_status, reason, closing_note)
            from_status = plan.status
            plan.status, plan.status_reason, plan.status_changed_at = to_status, reason, now
            fields = ["status", "status_reason", "status_changed_at"]
            if to_status in (Status.DISCHARGED, Status.ABANDONED, Status.COMPLETED):
                plan.closed_at = now
                fields.append("closed_at")
            if closing_note:
                plan.closing_note = closing_note.strip()
                fields.append("closing_note")
            plan.save(update_fields=fields)
            actor_user = signed_in(actor)
            PlanStatusChange.objects.create(
                plan=plan,
                from_status=from_status,
                to_status=to_status,
                reason=reason,
                changed_at=now,
                changed_by=actor_user,
            )
            data = {"from": from_status, "to": to_status}
            log_action(actor, f"care.plan.{to_status}", plan, data, audit=audit)
    except IntegrityError as clash:
        if not violates(clash, PlanOfCare, ONE_ACTIVE):
            raise
        raise PlanRefused(_already_active(plan.client, plan.condition)) from clash
    return plan


def extend(
    plan: PlanOfCare,
    *,
    extra_visits: int,
    review_on: dt.date,
    actor: User | None,
    audit: AuditContext | None = None,
) -> PlanOfCare:
    """Continue an open plan with more visits (at most plans.MAX_VISITS) and a new review."""
    with transaction.atomic():
        plan = refresh_for_update(plan)
        if not plan.is_open:
            raise PlanRefused(gettext("This plan is closed; start a new plan instead."))
        plan.visits_planned = min(plan.visits_planned + extra_visits, plans.MAX_VISITS)
        plan.review_on = review_on
        plan.save(update_fields=["visits_planned", "review_on"])
        data = {"extra_visits": extra_visits, "review_on": review_on.isoformat()}
        log_action(actor, "care.plan.extended", plan, data, audit=audit)
    return plan


def discharge(
    plan: PlanOfCare,
    *,
    closing_note: str,
    reason: str,
    actor: User | None,
    audit: AuditContext | None = None,
) -> PlanOfCare:
    """Close the plan with the therapist's closing note (required)."""
    if not closing_note.strip():
        raise PlanRefused(
            gettext("Write a closing note: what was done, how it went, what comes next.")
        )
    return change_status(
        plan,
        Status.DISCHARGED,
        reason=reason,
        actor=actor,
        closing_note=closing_note,
        audit=audit,
    )


def _check_transition(plan: PlanOfCare, to_status: str, reason: str, closing_note: str) -> None:
    if to_status not in Status.values:
        raise PlanRefused(gettext("Choose one of the plan statuses."))
    if to_status == plan.status:
        raise PlanRefused(
            gettext("The plan is already %(status)s.")
            % {"status": plan.get_status_display().lower()}
        )
    if to_status == Status.ACTIVE and plan.client.erased_at is not None:
        raise PlanRefused(str(ERASED))
    if to_status not in TRANSITIONS[plan.status]:
        raise PlanRefused(
            gettext("A %(status)s plan can't become %(to)s.")
            % {
                "status": plan.get_status_display().lower(),
                "to": Status(to_status).label.lower(),
            }
        )
    if to_status in NEEDS_REASON and not reason:
        raise PlanRefused(
            gettext("Say why the plan is %(status)s.") % {"status": Status(to_status).label.lower()}
        )
    if to_status == Status.DISCHARGED and not closing_note.strip():
        raise PlanRefused(gettext("Discharge from the review, with a closing note."))


def _already_active(client: Client, condition: str) -> str:
    label = PlanOfCare.Condition(condition).label.lower()
    return gettext(
        "%(client)s already has an active plan for %(condition)s. Pause, complete or "
        "discharge that plan first, or continue it."
    ) % {"client": client.full_name, "condition": label}


# -- reading a plan's visits -------------------------------------------------------------


def attended(visit: Appointment, now: dt.datetime) -> bool:
    """A visit that took place: not cancelled, not missed, and it has started."""
    gone = (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)
    return visit.status not in gone and visit.starts_at <= now


def progress_of(plan: PlanOfCare, visits: list[Appointment], now: dt.datetime) -> plans.Progress:
    """'Visit 2 of 5' from the plan's visits (already loaded)."""
    done = sum(1 for v in visits if attended(v, now))
    booked = sum(1 for v in visits if v.status == Appointment.Status.BOOKED and v.starts_at > now)
    return plans.Progress(planned=plan.visits_planned, attended=done, booked=booked)


def open_plans_of(user: Any) -> list[tuple[PlanOfCare, plans.Progress]]:
    """A signed-in client's open plans with their progress, in two queries."""
    found = list(
        PlanOfCare.objects.filter(client__user=user, status__in=PlanOfCare.OPEN)
        .select_related("practice")
        .prefetch_related("visits")
    )
    now = timezone.now()
    return [(plan, progress_of(plan, list(plan.visits.all()), now)) for plan in found]
