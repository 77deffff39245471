"""Template tags of plan nudges, for the pages of other workflows."""

from __future__ import annotations

from typing import Any

from django import template

from easeplan.care.models import PlanOfCare
from easeplan.care.nudges.panels import drift_for_plan

register = template.Library()


@register.inclusion_tag("care/nudges/partials/_plan_drift.html")
def plan_drift_panel(plan: PlanOfCare) -> dict[str, Any]:
    """`{% plan_drift_panel plan %}`: why the client is drifting off the plan, if they are,
    and the nudges sent (two queries)."""
    return {"plan": plan, "drift": drift_for_plan(plan)}
