"""What the plan page and the dashboard show of clients drifting off their plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from easeplan.accounts.models import Membership
from easeplan.practice.access import CLINICIANS
from easeplan.practice.models import Practice

from ..models import PlanOfCare
from . import services as nudges


def drift_for_plan(plan: PlanOfCare) -> dict[str, Any]:
    """What the plan page shows of this area: why the client is drifting, if they are,
    and the nudges sent (two queries)."""
    now = timezone.now()
    visits = list(plan.visits.order_by("starts_at"))
    found = nudges.drift_of(plan, visits, now)
    return {
        "found": found,
        "summary": nudges.drift_summary(found) if found is not None else "",
        "nudges": list(plan.nudges.select_related("appointment")),
        "nudges_off_at": plan.client.plan_nudges_off_at,
    }


def drift_dashboard(practice: Practice, *, role: str, now: dt.datetime) -> dict[str, Any]:
    """The dashboard's part for a staff `role`: drifting clients for clinicians, plan
    statistics for owners.

    The template shows names only when the session used two-factor authentication.
    """
    context: dict[str, Any] = {}
    if role in CLINICIANS:
        context["drifting"] = nudges.drifting_clients(practice, now)
    if role == Membership.Role.OWNER:
        context["plan_stats"] = nudges.plan_statistics(practice, now)
    return context
